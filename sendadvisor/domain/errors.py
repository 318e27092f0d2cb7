"""The one error type for bad input: it names the field and says what is wrong in plain English."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, reported as `field: message` (exit status 2 on the command line)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message
