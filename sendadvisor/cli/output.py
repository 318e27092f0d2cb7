"""Safe terminal output: text from a case (names, schools, file names) is printed with control
characters escaped, so a name can neither send terminal escape codes nor forge extra lines."""

from __future__ import annotations

import re

# C0 and C1 control characters (escape, bell, NUL, CR, LF, tab...), DEL, the bidirectional
# overrides and isolates that reorder what is shown, line and paragraph separators, and lone
# surrogates (which cannot be written to a UTF-8 terminal at all).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character written as a visible escape such as \\x1b."""
    return _UNSAFE.sub(_escape, text)
