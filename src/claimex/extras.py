"""Optional dependencies (pip extras): import one, or fail with the line that installs it."""

from __future__ import annotations

import importlib
from types import ModuleType

from claimex.errors import ClaimexError


class MissingExtra(ClaimexError):
    """An optional dependency is not installed."""


def require(module: str, extra: str) -> ModuleType:
    """`module`, imported, or a MissingExtra that names the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".")[0]
        raise MissingExtra(
            f'{package} is not installed (needed here): pip install "claimex[{extra}]"'
        ) from None
