"""The service report and the CSV export over a generated case file (issue 14, point 4): no
personal data in the report (every name, address line and date of birth scanned for), every
count under 5 hidden, a bad period refused, the CSV read back one row per case."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from storage_helpers import PASSPHRASE

from sendadvisor import casework
from sendadvisor.app import main
from sendadvisor.report import SUPPRESSED, build_report, counts_in, protected, rule_labels
from sendadvisor.storage import CaseFile
from sendadvisor.storage.records import ReportRows

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from synthetic import Synthetic  # noqa: E402

CASES = 1500


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[dict]]]:
    """A case file of synthetic families recorded over a year, a third of them closed."""
    path = tmp_path_factory.mktemp("report") / "cases.sendadvisor"
    moment = [datetime(2025, 11, 1, 9, tzinfo=UTC)]
    saved = []
    source = Synthetic(14)
    with CaseFile.open(path, PASSPHRASE, create=True, clock=lambda: moment[0]) as case_file:
        ids = []
        for n in range(CASES):
            moment[0] += timedelta(hours=5)
            circumstances = source.circumstances()
            if n == 7:  # a name that would be a spreadsheet formula
                circumstances["family"]["child_name"] = "=HYPERLINK(1)"
            ids.append(case_file.add_case(circumstances, *casework.worked_out(circumstances)))
            saved.append(circumstances)
            if n % 3 == 0 and n >= 10:
                case_file.close_case(ids[n - 10], moment[0].date())
    yield path, saved


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SENDADVISOR_HOME", str(tmp_path / "home"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _personal(saved: list[dict]) -> set[str]:
    """Every name, address line, date of birth and school in the file."""
    found = set()
    for data in saved:
        family = data["family"]
        found.update([family["child_name"], family["parent_name"], family["school_name"]])
        found.update(family["address"])
        found.add(family["child_date_of_birth"])
        found.update(part for part in family["child_name"].split() if len(part) > 3)
    return found


@pytest.mark.usefixtures("env")
def test_the_report_holds_no_personal_data_and_hides_small_counts(
    generated: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, saved = generated
    status, text, _ = _run(capsys, "report", "--data", str(path), "--to", "2026-11-28")
    assert status == 0
    status, raw, _ = _run(capsys, "report", "--data", str(path), "--to", "2026-11-28", "--json")
    assert status == 0
    report = json.loads(raw)
    pdf = tmp_path / "report.pdf"
    assert main(["report", "--data", str(path), "--to", "2026-11-28", "-o", str(pdf)]) == 0
    import pypdf

    pdf_text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600

    personal = _personal(saved)
    for output in (text, raw, pdf_text):
        words = set(output.replace(",", " ").replace('"', " ").split())
        leaked = [p for p in personal if p in output and (" " in p or p in words)]
        assert leaked == []
    # No identifier in the words: every label comes from the rules' titles.
    labels = rule_labels()
    for identifier in [*labels.kinds, *labels.routes, *labels.deadlines]:
        if "_" not in identifier:  # "mediation" is a word too
            continue
        assert identifier not in text
        assert identifier not in pdf_text
    assert "Your child was permanently excluded" in text
    assert "Appeal to the SEND Tribunal" in text
    assert "Appeal to the SEND Tribunal" in pdf_text

    counts = list(counts_in(report))
    assert counts and all(value >= 5 for _, value in counts), counts
    assert SUPPRESSED in raw and SUPPRESSED in text  # some counts here are small
    assert report["cases"]["open_in_period"] == CASES
    assert report["concerns"]["total"] == CASES  # one concern each
    assert (
        sum(e["count"] for e in report["concerns"]["by_kind"] if e["count"] != SUPPRESSED) <= CASES
    )


@pytest.mark.usefixtures("env")
def test_a_period_whose_first_day_is_after_its_last_is_refused(
    generated: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = generated
    for command in (["report"], ["cases", "export-csv", "-o", "out.csv"]):
        status, out, err = _run(
            capsys, *command, "--data", str(path), "--from", "2026-05-01", "--to", "2026-04-30"
        )
        assert status == 2
        assert out == ""
        assert err.startswith("sendadvisor: --from: 2026-05-01 is after")
    status, _, err = _run(capsys, "report", "--data", str(path), "--from", "2026-02-30")
    assert (status, err.strip()) == (2, "sendadvisor: --from: 2026-02-30 is not a real date")


@pytest.mark.usefixtures("env")
def test_the_csv_has_one_row_per_case_and_keeps_every_field(
    generated: tuple[Path, list[dict]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, saved = generated
    out = tmp_path / "cases.csv"
    status, _, err = _run(capsys, "cases", "export-csv", "--data", str(path), "-o", str(out))
    assert status == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == CASES
    assert len({row["case_id"] for row in rows}) == CASES
    for row, circumstances in zip(rows, saved, strict=True):  # oldest first
        assert json.loads(row["circumstances_json"]) == circumstances
        assert row["concern_kinds"] == circumstances["concerns"][0]["kind"]
        if circumstances["family"]["child_name"].startswith("="):
            assert row["child_name"] == "'" + circumstances["family"]["child_name"]
        else:
            assert row["child_name"] == circumstances["family"]["child_name"]
        assert row["address"] == ", ".join(circumstances["family"]["address"])
    # A period: only cases open at some time in it.
    status, _, _ = _run(
        capsys, "cases", "export-csv", "--data", str(path), "-o", str(out), "--to", "2025-11-05"
    )
    assert status == 0
    with out.open(encoding="utf-8", newline="") as handle:
        few = list(csv.DictReader(handle))
    assert 0 < len(few) < 30
    assert all(row["created_at"] < "2025-11-06" for row in few)


def test_small_counts_and_the_one_that_subtraction_would_reveal_are_hidden() -> None:
    assert protected([120, 40, 3], with_total=True) == [120, SUPPRESSED, SUPPRESSED]
    assert protected([120, 40, 3], with_total=False) == [120, 40, SUPPRESSED]
    assert protected([120, 40, 0], with_total=True) == [120, 40, SUPPRESSED]
    assert protected([2, 1], with_total=True) == [SUPPRESSED, SUPPRESSED]


def test_council_limits_late_are_counted_with_how_late() -> None:
    today = date(2026, 12, 1)
    deadlines = [
        ("council_final_plan", "council", "done", "2026-06-01", "2026-05-20"),  # in time
        *[("council_final_plan", "council", "done_late", "2026-06-01", "2026-06-11")] * 5,
        *[("council_final_plan", "council", "overdue", "2026-11-01", None)] * 5,  # 30 days
        ("tribunal_appeal", "family", "done", "2026-06-01", "2026-05-01"),
        ("tribunal_appeal", "family", "passed", "2026-06-01", None),
        ("tribunal_appeal", "family", "upcoming", "2027-01-01", None),
    ]
    rows = ReportRows(
        opened=10,
        closed=2,
        open_in_period=12,
        not_worked_out=0,
        concerns=[("plan_contents", "mediation tribunal_appeal")] * 6,
        deadlines=deadlines,
    )
    report = build_report(rows, first=None, last=today, today=today, labels=rule_labels())
    limits = report["council_limits"]
    assert (limits["due"], limits["met"], limits["missed"]) == (11, SUPPRESSED, 10)
    assert (limits["median_days_late"], limits["longest_days_late"]) == (20, 30)
    assert [b["count"] for b in limits["missed_by"]] == [SUPPRESSED, 5, 5, SUPPRESSED]
    assert report["family_deadlines"] == {
        "met": SUPPRESSED,
        "missed": SUPPRESSED,
        "awaiting_certificate": SUPPRESSED,
        "not_yet_due": SUPPRESSED,
    }
    assert report["routes"][0]["count"] == 6
    assert report["cases"]["closed"] == SUPPRESSED


def test_the_report_reads_only_what_it_counts(tmp_path: Path) -> None:
    """A case file without cases gives a report of zeros hidden as 'fewer than 5'."""
    with CaseFile.open(tmp_path / "c.sendadvisor", PASSPHRASE, create=True) as case_file:
        rows = case_file.report_rows(None, date(2026, 11, 28))
    report = build_report(
        rows, first=None, last=date(2026, 11, 28), today=date(2026, 11, 28), labels=rule_labels()
    )
    assert report["cases"]["opened"] == SUPPRESSED
    assert report["concerns"]["by_kind"] == []
    assert list(counts_in(report)) == []
    assert os.path.exists(tmp_path / "c.sendadvisor")


def test_csv_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    from sendadvisor.case_csv import HEADER, cases_csv
    from sendadvisor.storage.records import ExportRow

    data = {"schema": "x", "family": {"child_name": "+cmd", "address": ["-1 Road"]}}
    text = cases_csv([ExportRow("ABCDEFGH", "t", "t", None, json.dumps(data), "", None, 0, 0, 0)])
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert list(row) == list(HEADER)
    assert (row["child_name"], row["address"]) == ("'+cmd", "'-1 Road")
    assert json.loads(row["circumstances_json"]) == data
