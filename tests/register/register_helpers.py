"""Helpers for the register's tests: laptops (case files), the register's rows, comparing both."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from throwaway_cluster import Cluster

from sendadvisor.storage import CaseFile

PASSPHRASE = "correct horse battery staple"
ROOT = Path(__file__).resolve().parents[2]

BASE: dict[str, Any] = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-27",
    "council": "dorset",
    "family": {
        "parent_name": "Alex Smith",
        "address": ["1 High Street", "Dorchester", "DT1 1AA"],
        "child_name": "Sam Smith",
        "child_date_of_birth": "2014-05-01",
        "school_name": "Hill Primary",
    },
    "appellant": "parent",
    "ehc_plan": "final",
    "concerns": [{"kind": "plan_contents", "sections": ["F", "I"], "sent_on": "2026-11-02"}],
}


def circumstances(child: str, **family: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["family"].update({"child_name": child, **family})
    return data


@dataclass
class Register:
    cluster: Cluster
    database: str

    @property
    def admin_dsn(self) -> str:
        return self.cluster.dsn(self.database)

    def dsn(self, role: str) -> str:
        return self.cluster.dsn(self.database, role)

    def rows(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every record, as the owner sees them (row-level security does not apply to it)."""
        with psycopg.connect(self.admin_dsn) as conn:
            conn.row_factory = psycopg.rows.dict_row
            where = "WHERE kind = %s" if kind else ""
            return list(
                conn.execute(
                    "SELECT uuid::text, service_id, kind, case_uuid::text, version, adviser, "
                    f"device::text, erased, data FROM sendadvisor.records {where} ORDER BY uuid",
                    [kind] if kind else [],
                )
            )


def laptop(path: Path, user: str = "adviser") -> CaseFile:
    return CaseFile.open(path, PASSPHRASE, create=True, user=user)


def add_case(case_file: CaseFile, child: str, **family: Any) -> str:
    return case_file.add_case(circumstances(child, **family), [])


def edit(case_file: CaseFile, case_id: str, change: Any) -> None:
    """Apply `change(circumstances)` to a case and save it."""
    data = case_file.get_case(case_id)["circumstances"]
    change(data)
    case_file.save_case(case_id, data, [])


def holdings(case_file: CaseFile) -> dict[str, Any]:
    """Everything that syncs, keyed by case id: circumstances, closing day, notes, letters."""
    found = {}
    for row in case_file.list_cases(today=date(2026, 11, 30), include_closed=True):
        case = case_file.get_case(row.id)
        found[row.id] = {
            "circumstances": case["circumstances"],
            "closed_on": case["closed_on"],
            "notes": sorted((n["on"], n["channel"], n["text"]) for n in case_file.notes(row.id)),
            "letters": sorted(l["pdf_sha256"] for l in case_file.letters(row.id)),  # noqa: E741
        }
    return found


def register_holdings(register: Register, service: str = "north") -> dict[str, Any]:
    """The same view of the register's live rows of one service."""
    rows = [r for r in register.rows() if r["service_id"] == service and not r["erased"]]
    cases = {r["uuid"]: r["data"] for r in rows if r["kind"] == "case"}
    found: dict[str, Any] = {}
    for uuid, data in cases.items():
        found[data["case_id"]] = {
            "circumstances": data["circumstances"],
            "closed_on": data["closed_on"],
            "notes": sorted(
                (r["data"]["contact_on"], r["data"]["channel"], r["data"]["text"])
                for r in rows
                if r["kind"] == "note" and r["case_uuid"] == uuid
            ),
            "letters": sorted(
                r["data"]["pdf_sha256"]
                for r in rows
                if r["kind"] == "letter" and r["case_uuid"] == uuid
            ),
        }
    return found


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SENDADVISOR_PASSPHRASE": PASSPHRASE}
    environment.pop("PGPASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "sendadvisor", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=environment,
        check=False,
    )


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
