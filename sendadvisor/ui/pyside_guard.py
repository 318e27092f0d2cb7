"""Keeps PySide6 6.12 from crashing a long session on Python 3.11 by making `None` effectively immortal.

Measured here (tests/ui/test_pyside_guard.py): with PySide6 6.12.0 on CPython 3.11, every call of a
Qt method that returns nothing (`setText`, `hide`, `processEvents`...) gives back one reference
to `None` that it never took. `None` starts with about 5,000 references, so after some thousands
of such calls (minutes of typing in the wizard) CPython aborts with "none_dealloc: deallocating
None". From Python 3.12 `None` is immortal (PEP 683) and this does nothing; on 3.11 it adds
2**40 references, which no session can use up. Remove it once PySide6 or the Python version moves.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40


def protect_none() -> None:
    """Give `None` a reference count no leak can exhaust (only on Python < 3.12; once per process)."""
    if sys.version_info >= (3, 12) or getattr(protect_none, "done", False):
        return
    # ob_refcnt is the first field of every CPython object, at the object's address.
    ctypes.c_ssize_t.from_address(id(None)).value += _RESERVE
    protect_none.done = True  # type: ignore[attr-defined]
