"""`sendadvisor cases add | list | export` as an adviser uses them, in-process and as a program."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from storage_helpers import contains, snapshot

from sendadvisor.app import default_case_file, main
from sendadvisor.domain.circumstances import parse_circumstances
from sendadvisor.rules import assess, flatten_deadlines
from sendadvisor.storage import CaseFile

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "plan-contents.json"
PASSPHRASE = "cli passphrase"


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", PASSPHRASE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _expected_line(case_id: str) -> str:
    data = json.loads(EXAMPLE.read_text())
    today = date.today().isoformat()  # the command line's today
    upcoming = sorted(
        (d["due_on"], d["id"])
        for d in flatten_deadlines(assess(data))
        if d["due_on"] >= today and "done_on" not in d  # the list ignores steps already done
    )
    following = f"{upcoming[0][0]} {upcoming[0][1]}" if upcoming else "-"
    return f"{case_id}\tSam Smith\tplan_contents\t{following}"


def test_add_list_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "f.sendadvisor"
    status, out, err = run(capsys, "cases", "add", str(EXAMPLE), "--data", str(data))
    assert (status, err) == (0, "")
    case_id = out.strip()
    assert out == case_id + "\n" and len(case_id) == 8  # the id and nothing else
    # --data works before the sub-command too.
    status, out, _ = run(capsys, "--data", str(data), "cases", "list")
    assert status == 0 and out.splitlines() == [_expected_line(case_id)]
    status, out, _ = run(capsys, "cases", "export", case_id.lower(), "--data", str(data))
    assert status == 0
    assert json.loads(out) == parse_circumstances(json.loads(EXAMPLE.read_text())).raw


def test_list_search_and_closed_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "f.sendadvisor")
    first = run(capsys, "cases", "add", str(EXAMPLE), "--data", data)[1].strip()
    other = json.loads(EXAMPLE.read_text())
    other["family"]["child_name"] = "Ruby Jones"
    case = tmp_path / "ruby.json"
    case.write_text(json.dumps(other))
    second = run(capsys, "cases", "add", str(case), "--data", data)[1].strip()
    assert [
        line.split("\t")[0]
        for line in run(capsys, "cases", "list", "--search", "rub", "--data", data)[1].splitlines()
    ] == [second]
    assert run(capsys, "cases", "list", "--search", "nobody", "--data", data)[1] == ""
    assert run(capsys, "cases", "close", first, "--on", "2026-11-01", "--data", data)[0] == 0
    assert [
        line.split("\t")[0] for line in run(capsys, "cases", "list", "--data", data)[1].splitlines()
    ] == [second]
    assert len(run(capsys, "cases", "list", "--all", "--data", data)[1].splitlines()) == 2


def test_default_case_file_is_in_the_per_user_folder(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cases", "add", str(EXAMPLE))
    assert status == 0
    assert default_case_file().exists()
    assert run(capsys, "cases", "list")[1].startswith(out.strip() + "\t")


def test_bad_input_names_the_field_and_touches_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "f.sendadvisor"
    run(capsys, "cases", "add", str(EXAMPLE), "--data", str(data))
    bad = json.loads(EXAMPLE.read_text())
    bad["concerns"][0]["sent_on"] = "2026-02-30"
    case = tmp_path / "bad.json"
    case.write_text(json.dumps(bad))
    before = snapshot(tmp_path)
    status, out, err = run(capsys, "cases", "add", str(case), "--data", str(data))
    assert (status, out) == (2, "")
    assert err == "sendadvisor: concerns[0].sent_on: 2026-02-30 is not a real date\n"
    assert snapshot(tmp_path) == before
    new_file = tmp_path / "never.sendadvisor"
    assert run(capsys, "cases", "add", str(case), "--data", str(new_file))[0] == 2
    assert not new_file.exists()


def test_refusals_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "f.sendadvisor"
    run(capsys, "cases", "add", str(EXAMPLE), "--data", str(data))
    status, out, err = run(capsys, "cases", "export", "NOSUCH12", "--data", str(data))
    assert (status, out, err) == (
        2,
        "",
        "sendadvisor: There is no case NOSUCH12 in this case file.\n",
    )
    assert run(capsys, "cases", "list", "--data", str(tmp_path / "missing.sendadvisor"))[0] == 2
    with CaseFile.open(data, PASSPHRASE):
        status, _, err = run(capsys, "cases", "list", "--data", str(data))
        assert status == 2 and "already open in another sendadvisor window" in err
    before = snapshot(tmp_path)
    monkeypatch.setenv("SENDADVISOR_PASSPHRASE", "wrong")
    status, out, err = run(capsys, "cases", "add", str(EXAMPLE), "--data", str(data))
    assert (status, out) == (2, "")
    assert (
        err.startswith("sendadvisor: That passphrase does not open this case file")
        and err.count("\n") == 1
    )
    assert snapshot(tmp_path) == before


def test_delete_needs_confirmation_and_erases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "f.sendadvisor")
    case_id = run(capsys, "cases", "add", str(EXAMPLE), "--data", data)[1].strip()
    status, _, err = run(capsys, "cases", "delete", case_id, "--data", data)
    assert status == 2 and "--yes" in err
    assert run(capsys, "cases", "delete", case_id, "--yes", "--data", data)[0] == 0
    assert run(capsys, "cases", "list", "--all", "--data", data)[1] == ""
    assert run(capsys, "cases", "export", case_id, "--data", data)[0] == 2


def test_subject_access_export_holds_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "f.sendadvisor"
    case_id = run(capsys, "cases", "add", str(EXAMPLE), "--data", str(data))[1].strip()
    with CaseFile.open(data, PASSPHRASE) as case_file:
        case_file.add_note(case_id, date(2026, 11, 20), "home_visit", "Visited at home")
    status, out, _ = run(capsys, "cases", "export", case_id, "--everything", "--data", str(data))
    export = json.loads(out)
    assert status == 0 and export["schema"] == "sendadvisor.case-export/1"
    assert [n["text"] for n in export["notes"]] == ["Visited at home"]
    assert {a["action"] for a in export["audit"]} >= {"case_added", "note_added", "case_exported"}


def _program(
    *argv: str, stdin: str = "", env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sendadvisor", *argv],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env if env is not None else dict(os.environ),
        timeout=60,
        **options,
    )  # type: ignore[call-overload]


def test_as_a_program_from_standard_input_encrypted_on_disk(tmp_path: Path) -> None:
    data = tmp_path / "f.sendadvisor"
    done = _program("cases", "add", "-", "--data", str(data), stdin=EXAMPLE.read_text())
    assert done.returncode == 0 and done.stderr == ""
    case_id = done.stdout.strip()
    listed = _program("cases", "list", "--data", str(data))
    assert listed.stdout.splitlines() == [_expected_line(case_id)]
    for path in (p for p in tmp_path.rglob("*") if p.is_file()):
        for secret in ("Sam Smith", "Alex Smith", "High Street", "DT1 1AA"):
            assert not contains(path, secret), (path, secret)


def test_no_passphrase_and_no_terminal_is_a_clear_refusal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SENDADVISOR_PASSPHRASE"}
    done = _program(
        "cases", "list", "--data", str(tmp_path / "f.sendadvisor"), env=env, start_new_session=True
    )  # no controlling terminal to ask on
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "sendadvisor: no passphrase: set SENDADVISOR_PASSPHRASE or run this in a "
        "terminal so it can be asked for\n"
    )


def _on_a_terminal(argv: list[str], answers: list[str]) -> tuple[int, str]:
    """Run the command on a pseudo-terminal, typing the next answer at each new prompt (": ")."""
    pty = pytest.importorskip("pty")
    import select

    env = {k: v for k, v in os.environ.items() if k != "SENDADVISOR_PASSPHRASE"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "sendadvisor", *argv], env)
    seen = b""
    answered = 0  # where the output stood when we last typed
    pending = list(answers)
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        if not select.select([fd], [], [], 0.5)[0]:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        seen += chunk
        # Only a prompt written since the last answer counts (not the newline after typing).
        if pending and seen[answered:].strip() and seen.rstrip().endswith(b":"):
            os.write(fd, pending.pop(0).encode() + b"\n")
            answered = len(seen)
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_the_passphrase_is_asked_for_on_the_terminal(tmp_path: Path) -> None:
    data = str(tmp_path / "f.sendadvisor")
    status, screen = _on_a_terminal(
        ["cases", "add", str(EXAMPLE), "--data", data],
        ["typed quiet lantern", "typed quiet lantern"],
    )
    assert status == 0, screen
    assert "Choose a passphrase" in screen and "Type it again" in screen
    assert "typed quiet lantern" not in screen  # not echoed
    case_id = screen.strip().splitlines()[-1].strip()
    with CaseFile.open(Path(data), "typed quiet lantern") as case_file:
        assert case_file.get_case(case_id)["circumstances"]["family"]["child_name"] == "Sam Smith"
    status, screen = _on_a_terminal(
        ["cases", "add", str(tmp_path / "x.json"), "--data", str(tmp_path / "g.sendadvisor")], []
    )
    assert status == 2  # bad input is refused before any passphrase is asked for
    assert "Choose a passphrase" not in screen and screen.startswith("sendadvisor: ")
    status, screen = _on_a_terminal(
        ["cases", "add", str(EXAMPLE), "--data", str(tmp_path / "h.sendadvisor")], ["one", "two"]
    )
    assert status == 2 and "the two passphrases are different" in screen
    assert not (tmp_path / "h.sendadvisor").exists()
