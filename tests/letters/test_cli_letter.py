"""`sendadvisor letter CASE.json -o OUT.pdf [--large-print]`, as a user runs it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from letters_support import CASES, all_deadlines, long_date, pdf_text
from pypdf import PdfReader

import sendadvisor.councils
from sendadvisor.app import default_settings_file, main
from sendadvisor.rules import assess
from sendadvisor.settings import Settings, save_settings

REPO = Path(__file__).parents[2]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def write_case(tmp_path: Path, data: dict, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def case_data(name: str = "plan_contents") -> dict:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def test_writes_a_letter_with_every_deadline_and_the_dorset_contacts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.pdf"
    status, stdout, stderr = run(
        ["letter", str(CASES / "plan_contents.json"), "-o", str(out)], capsys
    )
    assert status == 0, stderr
    assert stdout == ""
    text = pdf_text(out.read_bytes())
    for entry in all_deadlines(assess(case_data())):
        assert long_date(entry["due_on"]) in text
    for contact in (
        "Dorset SENDIASS",
        "sendiass@dorsetcc.gov.uk",
        "07748 624609",
        "Global Mediation",
    ):
        assert contact in text
    assert "Your SENDIASS adviser" in text  # no settings file: a sensible default, not a blank
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]  # no temporary file left behind


def test_large_print_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    standard, large = tmp_path / "s.pdf", tmp_path / "l.pdf"
    case = str(CASES / "plan_contents.json")
    assert run(["letter", case, "-o", str(standard)], capsys)[0] == 0
    assert run(["letter", case, "-o", str(large), "--large-print"], capsys)[0] == 0
    pages = [len(PdfReader(io.BytesIO(p.read_bytes())).pages) for p in (standard, large)]
    assert pages[1] > pages[0]


def test_settings_give_the_adviser_service_and_council(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(
        default_settings_file(),
        Settings(adviser_name="Priya Ādhikārī", service_name="Dorset SENDIASS", council="dorset"),
    )
    data = case_data()
    del data["council"]
    out = tmp_path / "letter.pdf"
    status, _, stderr = run(["letter", str(write_case(tmp_path, data)), "-o", str(out)], capsys)
    assert status == 0, stderr
    text = pdf_text(out.read_bytes())
    assert "Yours sincerely, Priya Ādhikārī Dorset SENDIASS" in text


def test_reads_the_case_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    env = {**os.environ, "SENDADVISOR_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "sendadvisor", "letter", "-", "-o", str(out)],
        input=(CASES / "plan_contents.json").read_bytes(),
        capture_output=True,
        cwd=REPO,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Monday 4 January 2027" in pdf_text(out.read_bytes())


def test_data_option_is_accepted_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.pdf"
    argv = [
        "letter",
        str(CASES / "plan_contents.json"),
        "-o",
        str(out),
        "--data",
        str(tmp_path / "x"),
    ]
    assert run(argv, capsys)[0] == 0


def assert_refused(status: int, stdout: str, stderr: str, *expected: str) -> None:
    assert status == 2
    assert stdout == ""
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    for part in expected:
        assert part in stderr


def test_unknown_council_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = case_data()
    data["council"] = "wessex"
    out = tmp_path / "letter.pdf"
    result = run(["letter", str(write_case(tmp_path, data)), "-o", str(out)], capsys)
    assert_refused(*result, "council:", "wessex", "dorset")
    assert not out.exists()


def test_a_council_file_missing_a_contact_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "councils"
    shutil.copytree(sendadvisor.councils.councils_dir(), folder)
    path = folder / "dorset.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[contacts.sen_team]")], encoding="utf-8")
    monkeypatch.setattr(sendadvisor.councils, "councils_dir", lambda: folder)
    out = tmp_path / "letter.pdf"
    result = run(["letter", str(CASES / "plan_contents.json"), "-o", str(out)], capsys)
    assert_refused(*result, "councils/dorset.toml: contacts.sen_team", "missing")
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder/letter.pdf", "."])
def test_an_output_path_that_cannot_be_written_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    out = tmp_path / where
    result = run(["letter", str(CASES / "plan_contents.json"), "-o", str(out)], capsys)
    assert_refused(*result, "-o:")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_letter_and_no_half_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"the letter printed last week")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run(["letter", str(CASES / "plan_contents.json"), "-o", str(out)], capsys)
    assert_refused(*result, "-o:", "No space left on device")
    assert out.read_bytes() == b"the letter printed last week"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["concerns"][0].update(sent_on="2026-02-30"), "concerns[0].sent_on"),
        (lambda d: d.update(colour="blue"), "colour"),
    ],
)
def test_bad_input_is_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change, field: str
) -> None:
    data = case_data()
    change(data)
    out = tmp_path / "letter.pdf"
    result = run(["letter", str(write_case(tmp_path, data)), "-o", str(out)], capsys)
    assert_refused(*result, field)
    assert not out.exists()


def test_missing_output_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, stderr = run(["letter", str(CASES / "plan_contents.json")], capsys)
    assert status == 2 and "-o" in stderr and "Traceback" not in stderr


def test_a_case_with_no_deadline_gets_a_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.pdf"
    status, _, stderr = run(
        ["letter", str(CASES / "sen_support_no_deadline.json"), "-o", str(out)], capsys
    )
    assert status == 0, stderr
    text = pdf_text(out.read_bytes())
    assert "There are no dates to meet at the moment" in text
    assert "Zoë Łódź" in text
