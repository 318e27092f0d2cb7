"""What can go wrong with the service register, each as one sentence an adviser can act on."""

from __future__ import annotations


class RegisterError(Exception):
    """The register could not be used: unreachable, refused, or not set up for this version.

    `message` is one sentence, shown as it is (command line: one line and exit status 2).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unreachable(RegisterError):
    """No connection to the register (server down, no network, wrong address): try later."""


class Refused(RegisterError):
    """The register answered but said no (login, permissions, TLS, a DSN we will not use)."""


class NeedsPassword(Refused):
    """The register asks for a password, or refused the one given (libpq's own words, whatever
    the language of the message): the app asks the adviser for it."""
