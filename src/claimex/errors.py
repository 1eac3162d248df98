"""Errors that reach the user as one line (no traceback)."""


class ClaimexError(Exception):
    """Base class: the message is shown to the user as it is."""


class ModelError(ClaimexError):
    """The spaCy model cannot be found or used."""


class InputError(ClaimexError):
    """One input document cannot be read."""
