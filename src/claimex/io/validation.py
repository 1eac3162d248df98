"""Pydantic validation errors as one line for people: where, what, and how many more."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

Loc = tuple[int | str, ...]


def dotted(loc: Loc) -> str:
    """('content', 'fragments', 0, 'start') -> 'content.fragments.0.start'."""
    return ".".join(str(part) for part in loc)


def first_error(exc: ValidationError, where: Callable[[Loc], str] = dotted) -> str:
    """The first error of `exc` as 'where: message', with how many more there are."""
    errors = exc.errors()
    first = errors[0]
    message = first["msg"]
    if first["type"] == "model_type":
        message = "Input should be a JSON object"  # not pydantic's "or instance of ClassName"
    place = where(tuple(first["loc"]))
    more = f", and {len(errors) - 1} more" if len(errors) > 1 else ""
    return f"{place}: {message}{more}" if place else f"{message}{more}"
