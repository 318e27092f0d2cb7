"""Every test runs with its own per-user folders, never the developer's real settings or cases."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDADVISOR_HOME", str(tmp_path_factory.mktemp("home")))
