"""The autosave writer: a background thread that saves wizard drafts without making the UI wait.

`submit()` returns at once. The thread writes everything submitted so far in one transaction;
while it writes, newer submissions for the same key replace older ones (coalescing), so a fast
typist costs one write per transaction, not one per keystroke. A failed write (a full disk) keeps
the drafts in memory and is reported by `flush()`; the next submission or flush tries again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sendadvisor.storage.errors import CaseFileError, StillSaving

DELETE = object()  # a pending discard of the draft

# (serialised JSON or DELETE, saved_at) for each draft key
Pending = dict[str, tuple[Any, str]]


class AutosaveWriter:
    """Writes pending drafts with `write(batch)` on its own thread."""

    def __init__(
        self, write: Callable[[Pending], None], translate: Callable[[BaseException], CaseFileError]
    ) -> None:
        self._write = write
        self._translate = translate
        self._cond = threading.Condition()
        self._pending: Pending = {}
        self._writing: Pending = {}
        self._error: CaseFileError | None = None  # the last failure, until a write succeeds
        self._failures = 0
        self._retry = False
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sendadvisor-autosave", daemon=True)
        self._thread.start()

    def submit(self, key: str, value: Any, saved_at: str) -> None:
        with self._cond:
            self._pending[key] = (value, saved_at)
            self._retry = True
            self._cond.notify_all()

    def peek(self, key: str) -> tuple[Any, str] | None:
        """The newest not-yet-written value for the key (read-your-writes for load_draft)."""
        with self._cond:
            if key in self._pending:
                return self._pending[key]
            return self._writing.get(key)

    def unsaved(self) -> Pending:
        with self._cond:
            return {**self._writing, **self._pending}

    @property
    def error(self) -> CaseFileError | None:
        return self._error

    def flush(self, timeout: float) -> None:
        """Wait until everything submitted is on disk; raise the error if a write fails meanwhile.

        Drafts kept after an earlier failure are tried again first (the disk may have space now).
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._pending and not self._retry:
                self._retry = True
                self._cond.notify_all()
            failures = self._failures
            while self._pending or self._writing:
                if self._failures > failures and self._error is not None:
                    raise self._error
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StillSaving()
                self._cond.wait(left)

    def stop(self, timeout: float) -> None:
        """Write what is pending, then end the thread (the caller then closes the connection)."""
        try:
            self.flush(timeout)
        finally:
            with self._cond:
                self._stopping = True
                self._cond.notify_all()
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and not (self._pending and self._retry):
                    self._cond.wait()
                if self._stopping:
                    return
                batch, self._pending = self._pending, {}
                self._writing = batch
            try:
                self._write(batch)
            # Whatever went wrong, keep the drafts and report it through flush().
            except BaseException as error:  # noqa: BLE001
                with self._cond:
                    for key, value in batch.items():
                        self._pending.setdefault(key, value)
                    self._writing = {}
                    self._error = self._translate(error)
                    self._failures += 1
                    self._retry = False  # wait for a new submission or a flush before retrying
                    self._cond.notify_all()
            else:
                with self._cond:
                    self._writing = {}
                    self._error = None
                    self._cond.notify_all()
