"""A plain-English strength hint for a new case-file passphrase: no Qt, so the command line asks for the same strength."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sendadvisor.i18n import _

# Passphrases people reach for first; each would be among the first guesses of an attacker.
_COMMON = {
    "password",
    "passw0rd",
    "letmein",
    "qwerty",
    "iloveyou",
    "welcome",
    "sendiass",
    "sendadvisor",
    "admin",
    "monkey",
    "dragon",
    "football",
    "123456",
    "12345678",
    "123456789",
    "abc123",
    "secret",
}

MINIMUM_LENGTH = 10


@dataclass(frozen=True)
class Strength:
    """How strong a passphrase looks: a level 0-3, a word for it and what to do next."""

    level: int
    word: str
    advice: str

    @property
    def acceptable(self) -> bool:
        return self.level >= 1


def strength(passphrase: str) -> Strength:
    """Estimate strength from length and the kinds of character used; favour long phrases."""
    if len(passphrase) < MINIMUM_LENGTH:
        return Strength(
            0,
            _("Too short"),
            _(
                "Use at least {count} characters. Three or four unrelated words are "
                "easy to remember."
            ).format(count=MINIMUM_LENGTH),
        )
    lowered = passphrase.lower()
    if (
        lowered in _COMMON
        or any(word in lowered for word in _COMMON if len(word) >= 6)
        and len(passphrase) < 16
    ):
        return Strength(
            0,
            _("Too easy to guess"),
            _("Avoid common passwords. Try three or four unrelated words."),
        )
    if len(set(passphrase)) <= 3:
        return Strength(
            0, _("Too easy to guess"), _("Use different characters, or a few unrelated words.")
        )
    pool = 0
    pool += 26 if re.search(r"[a-z]", passphrase) else 0
    pool += 26 if re.search(r"[A-Z]", passphrase) else 0
    pool += 10 if re.search(r"\d", passphrase) else 0
    pool += 33 if re.search(r"[^A-Za-z0-9]", passphrase) else 0
    bits = len(passphrase) * math.log2(max(pool, 2))
    if bits < 60:
        return Strength(1, _("Fair"), _("Longer is stronger: add another word."))
    if bits < 80:
        return Strength(2, _("Good"), _("Write it down and keep it somewhere safe."))
    return Strength(3, _("Strong"), _("Write it down and keep it somewhere safe."))
