"""`sendadvisor councils list|check` and the adviser's own contacts files, which win over the
shipped ones and reach the letter."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sendadvisor import councils
from sendadvisor.app import main
from sendadvisor.resources import resource_path

DORSET = resource_path("councils", "dorset.toml").read_text()


@pytest.fixture(autouse=True)
def _no_user_dir():
    yield
    councils.use_user_dir(None)


def _own_folder() -> Path:
    folder = Path(os.environ["SENDADVISOR_HOME"]) / "config" / "councils"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_list_shows_the_shipped_councils(capsys) -> None:
    assert main(["councils", "list"]) == 0
    lines = [line.split("\t")[:3] for line in capsys.readouterr().out.splitlines()]
    # Dorset and the neighbouring councils whose contacts a public page gives, by name.
    assert lines == [
        ["devon", "Devon County Council", "shipped"],
        ["dorset", "Dorset Council", "shipped"],
        ["hampshire", "Hampshire County Council", "shipped"],
        ["somerset", "Somerset Council", "shipped"],
    ]


def test_the_advisers_own_file_wins_and_reaches_the_letter(tmp_path: Path, capsys) -> None:
    own = DORSET.replace('name = "Global Mediation"', 'name = "Wessex Mediation Partners"')
    (_own_folder() / "dorset.toml").write_text(own)
    (_own_folder() / "wessex.toml").write_text(
        own.replace('name = "Dorset Council"', 'name = "Wessex Council"')
    )
    assert main(["councils", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    own_files = [line.split("\t")[:3] for line in lines if "\tyour own file\t" in line]
    assert own_files == [
        ["dorset", "Dorset Council", "your own file"],
        ["wessex", "Wessex Council", "your own file"],
    ]
    example = Path(__file__).parents[2] / "examples" / "plan-contents.json"
    case = json.loads(example.read_text())
    case["council"] = "wessex"
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(case))
    assert main(["letter", str(case_path), "-o", str(tmp_path / "letter.pdf")]) == 0
    from letters_support import pdf_text

    assert "Wessex Mediation Partners" in pdf_text((tmp_path / "letter.pdf").read_bytes())


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("07748 624609", "0774"), "contacts.sendiass.phone"),
        (
            ('email = "sendiass@dorsetcc.gov.uk"', 'email = "sendiass at dorset"'),
            "contacts.sendiass.email",
        ),
        (("[contacts.sendiass]", '[contacts.sendiass]\nfax = "01305"'), "contacts.sendiass.fax"),
        (('schema = "sendadvisor.council/1"', 'schema = "council"'), "schema"),
    ],
)
def test_check_refuses_a_wrong_file_naming_the_file_and_key(
    tmp_path: Path, capsys, change, named
) -> None:
    assert change[0] in DORSET
    path = tmp_path / "dorset.toml"
    path.write_text(DORSET.replace(change[0], change[1], 1))
    assert main(["councils", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"councils/dorset.toml: {named}" in err


def test_check_accepts_a_good_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "dorset.toml"
    path.write_text(DORSET)
    assert main(["councils", "check", str(path)]) == 0
    assert "dorset.toml: fine" in capsys.readouterr().out
