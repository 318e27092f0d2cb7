"""Fixtures for the case-file tests: a settable clock and a fresh case file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE, Clock

from sendadvisor.storage import CaseFile


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "cases" / "cases.sendadvisor"


@pytest.fixture
def case_file(case_path: Path, clock: Clock) -> Iterator[CaseFile]:
    opened = CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock)
    yield opened
    opened.close()
