"""Runs the case-list query on a worker thread, so a slow search of 20,000 cases never freezes typing.

The case file guards its connection with a lock and may be used from any thread. Only the newest
request matters: while one query runs, later requests replace each other, and a result that is
no longer the newest is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal


class ListLoader(QObject):
    """`request()` from the UI thread; `loaded(rows, searching)` arrives back on the UI thread."""

    loaded = Signal(object, bool)
    failed = Signal(object)
    # Worker -> UI thread. Never pass None through an `object` argument of a queued signal:
    # PySide6 6.12 lost a reference to None that way (see docs/app.md on the 6.11.3 pin).
    _rows_ready = Signal(int, object, bool)  # generation, rows (a list), searching
    _query_failed = Signal(int, object)  # generation, the exception

    def __init__(self, case_file: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._case_file = case_file  # looked up per query: after an idle lock it is a new object
        self._generation = 0
        self.closed = 0  # closed cases, counted only when no case is open
        self._refreshed_for: object = None  # the case file whose stored dates were last checked
        self._pending: tuple[int, str | None, date, bool] | None = None
        self._running = False
        self._rows_ready.connect(self._on_rows)
        self._query_failed.connect(self._on_error)

    @property
    def busy(self) -> bool:
        return self._running or self._pending is not None

    def request(self, search: str | None, today: date, include_closed: bool) -> None:
        self._generation += 1
        self._pending = (self._generation, search, today, include_closed)
        if not self._running:
            self._start()

    def _start(self) -> None:
        assert self._pending is not None
        generation, search, today, include_closed = self._pending
        self._pending = None
        self._running = True
        case_file = self._case_file()

        refresh = self._refreshed_for is not case_file
        self._refreshed_for = case_file

        def work() -> None:
            try:
                if refresh:
                    # Once per opened file, off the UI thread: dates stored with other rules or
                    # bank holidays are worked out again (every case, after an upgrade).
                    from sendadvisor import casework

                    casework.refresh_stale_deadlines(case_file)
                rows = case_file.list_cases(
                    search, today=today, include_closed=include_closed, by_urgency=True
                )
                closed = 0
                if not rows and search is None and not include_closed:
                    # Nothing open: count the closed cases, so none seems lost.
                    closed = len(case_file.list_cases(today=today, include_closed=True))
                self.closed = closed
            except Exception as error:  # reported on the UI thread, where it can be shown
                self._query_failed.emit(generation, error)
            else:
                self._rows_ready.emit(generation, rows, search is not None)

        threading.Thread(target=work, name="sendadvisor-case-list", daemon=True).start()

    def _on_rows(self, generation: int, rows: Any, searching: bool) -> None:
        if generation == self._generation:
            self.loaded.emit(rows, searching)
        self._next()

    def _on_error(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.failed.emit(error)
        self._next()

    def _next(self) -> None:
        self._running = False
        if self._pending is not None:
            self._start()
