"""Every bad input is exit 2 with one line naming the field (review findings 9, 10, 12, 13, 16, 17)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sendadvisor.app import main

REPO = Path(__file__).parents[2]
CASE = {
    "schema": "sendadvisor.circumstances/1",
    "as_of": "2026-11-27",
    "ehc_plan": "final",
    "family": {"child_name": "Sam Smith"},
    "concerns": [{"kind": "plan_contents", "sections": ["F"], "sent_on": "2026-11-02"}],
}


def _case(tmp_path: Path, data: object, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def _refused(argv: list[str], capsys, field: str) -> str:
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.count("\n") == 1 and err.startswith("sendadvisor: ")
    assert field in err, err
    return err


def _with(**changes) -> dict:
    data = json.loads(json.dumps(CASE))
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"concerns__0__sent_on": "２０２６-１１-０２"}, "concerns[0].sent_on"),
        ({"as_of": "٢٠٢٦-١١-٢٧"}, "as_of"),
        ({"as_of": "9999-12-31"}, "as_of"),
        ({"timeline": {"phase_transfer_on": "0001-01-01"}}, "timeline.phase_transfer_on"),
        ({"family__child_name": "x" * 100_000}, "family.child_name"),
        ({"summary": "word " * 2000}, "summary"),
        ({"council": "c" * 100_000}, "council"),
        ({"family__address": ["line"] * 100_000}, "family.address"),
        ({"concerns": [CASE["concerns"][0]] * 500}, "concerns"),
        ({"family__child_name": "\ud800"}, "family.child_name"),
    ],
)
@pytest.mark.parametrize("command", ["assess", "letter"])
def test_bad_fields_are_named(
    tmp_path: Path, capsys, changes: dict, field: str, command: str
) -> None:
    path = _case(tmp_path, _with(**changes))
    argv = [command, str(path)] + (["-o", str(tmp_path / "out.pdf")] if command == "letter" else [])
    _refused(argv, capsys, field)
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000,
        '{"schema": ' + "1" * 5000 + "}",
        '{"a":' * 50 + "1" + "}" * 50,
        " " * 1_100_000 + "{}",
    ],
)
def test_odd_json_is_one_line(tmp_path: Path, capsys, content: str) -> None:
    err = _refused(["assess", str(_case(tmp_path, content))], capsys, "")
    assert any(words in err for words in ("nested too deeply", "too long", "too big")), err


def test_a_file_that_is_not_utf8(tmp_path: Path, capsys) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(
        json.dumps(_with(family__child_name="Zo")).encode().replace(b'"Zo"', b'"Zo\xeb"')
    )
    _refused(["assess", str(path)], capsys, "latin1.json")


def test_a_closed_standard_input(tmp_path: Path) -> None:
    done = subprocess.run(
        f"exec {sys.executable} -m sendadvisor assess - <&-",
        shell=True,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "standard input" in done.stderr


def test_output_cannot_be_a_fifo_device_folder_or_the_input(tmp_path: Path, capsys) -> None:
    case = _case(tmp_path, CASE)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    _refused(["letter", str(case), "-o", str(fifo)], capsys, "-o")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    _refused(["letter", str(case), "-o", os.devnull], capsys, "-o")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    _refused(["letter", str(case), "-o", str(tmp_path)], capsys, "-o")
    before = case.read_bytes()
    err = _refused(["letter", str(case), "-o", str(case)], capsys, "-o")
    assert "input" in err
    assert case.read_bytes() == before
    link = tmp_path / "same.json"
    os.link(case, link)  # the same file by another name
    _refused(["letter", str(case), "-o", str(link)], capsys, "-o")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json", "pipe.pdf", "same.json"]


def test_printed_names_escape_control_characters(tmp_path: Path, capsys) -> None:
    from sendadvisor.cli.output import printable

    assert printable("Zeb\x1b[31mRED\x1b[0m\nFAKE0000\tInjected\u202e") == (
        "Zeb\\x1b[31mRED\\x1b[0m\\x0aFAKE0000\\x09Injected\\u202e"
    )
    err = _refused(["assess", str(tmp_path / "no\x1b[2Jsuch.json")], capsys, "no\\x1b[2Jsuch.json")
    assert "\x1b" not in err


def test_cases_list_prints_one_safe_line_per_case(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", "a long enough passphrase 42")
    data = tmp_path / "cases.sendadvisor"
    case = _case(tmp_path, _with(family__child_name="Zeb\x1b[31mRED\x1b[0m\nFAKE0000\tInjected"))
    assert main(["cases", "add", str(case), "--data", str(data)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["cases", "list", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "\x1b" not in out and "Zeb\\x1b[31mRED" in out


def test_the_largest_accepted_input_makes_a_letter_in_under_a_second(
    tmp_path: Path, capsys
) -> None:
    from sendadvisor.domain import limits

    data = _with(summary=("word " * 1000)[: limits.MOST_LONG_TEXT])
    data["family"] = {
        "parent_name": "P" * limits.MOST_TEXT,
        "child_name": "C" * limits.MOST_TEXT,
        "school_name": "S " * (limits.MOST_TEXT // 2),
        "address": ["A" * limits.MOST_TEXT] * 20,
    }
    concern = dict(
        data["concerns"][0], description=("x" * 40 + " ") * (limits.MOST_LONG_TEXT // 41)
    )
    data["concerns"] = [concern] * 5
    case = _case(tmp_path, data)
    main(
        ["letter", str(case), "-o", str(tmp_path / "warm.pdf")]
    )  # imports and fonts, as in a session
    capsys.readouterr()
    start = time.perf_counter()
    status = main(["letter", str(case), "-o", str(tmp_path / "big.pdf")])
    elapsed = time.perf_counter() - start
    assert status == 0, capsys.readouterr().err
    assert elapsed < 1.0
