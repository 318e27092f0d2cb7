"""Every sentence a person reads comes from the catalogue (issue 11, item 4).

- The template `resources/locale/sendadvisor.pot` holds every marked sentence of the code and
  every text string of the resource files, and is current.
- No English sentence is left as a literal in the package's Python (tests/catalogue_scan.py).
- Placeholders are checked: a translation that drops or renames one is reported.
- The pseudo-locale: a catalogue that accents every message of the template is compiled with
  Babel and made active through `i18n.use`, as a real language would be; the command line's
  text, the letter (its PDF's text) and the easy-read letter are rendered, and no English word
  is left, apart from the family's and the contacts' own details.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from catalogue_scan import CATALOGUE_CALLS, PACKAGE, scan
from letters.letters_support import pdf_text

from sendadvisor import catalogue, i18n

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "plan-contents.json"
# A case with most parts of the letter: a concern with mediation, a late council, a timeline.
RICH = ROOT / "tests" / "letters" / "cases" / "plan_contents.json"
WORD = re.compile(r"[A-Za-z\u00c0-\u024f']+")
CHANGES = set("aeiouyAEIOUYcnCN")


def test_the_template_is_current() -> None:
    written = catalogue.template_path().read_text(encoding="utf-8")
    assert written == catalogue.template_text(), (
        "resources/locale/sendadvisor.pot is out of date: run python -m sendadvisor.catalogue "
        "extract"
    )


def test_the_template_has_code_and_resource_sentences() -> None:
    text = catalogue.template_path().read_text(encoding="utf-8")
    assert "#: resources/rules/" in text
    assert "#: resources/letters/wording.toml" in text
    assert "#: sendadvisor/" in text


def test_no_english_sentence_is_left_in_the_code() -> None:
    left = scan()
    listing = "\n".join(
        f"{where}:{line}: {text[:80]!r}" for where, items in left.items() for line, text in items
    )
    assert not left, f"English literals not from the catalogue:\n{listing}"


def test_the_scanner_finds_a_sentence(tmp_path: Path) -> None:
    from catalogue_scan import offenders

    module = tmp_path / "m.py"
    module.write_text(
        'from sendadvisor.i18n import _\nA = "The family must act now."\nB = _("Fine as it is.")\n'
        'C = f"Saved {A} to disk"\nD = "ok"  # identifiers are not sentences\n'
        'E = "Left alone on purpose"  # not for people\n'
        'F = " (passed)"\nG = "<h2>Dates</h2>"\nH = "Sources: "\n',
        encoding="utf-8",
    )
    assert [line for line, _text in offenders(module)] == [2, 4, 7, 8, 9]


def test_catalogue_calls_take_plain_literals() -> None:
    """`_(f"...")` or `_(name)` cannot be extracted: the sentence would never be translated."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in CATALOGUE_CALLS - {"_"}
            ):
                for argument in node.args[:2]:
                    if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                        wrong.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_":
                argument = node.args[0] if node.args else None
                if isinstance(argument, ast.JoinedStr):
                    wrong.append(f"{path.name}:{node.lineno}")
    assert not wrong


def test_a_translation_that_changes_a_placeholder_is_reported(tmp_path: Path) -> None:
    po = tmp_path / "xx.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Send your appeal by {date}."\nmsgstr "Anfonwch eich apêl erbyn {dyddiad}."\n\n'
        'msgid "Call {name}."\nmsgstr "Ffoniwch {name}."\n',
        encoding="utf-8",
    )
    problems = catalogue.placeholder_problems(po)
    assert len(problems) == 1 and "dyddiad" in problems[0] and "Call" not in problems[0]


def test_pseudo_keeps_placeholders_and_markup() -> None:
    text = "**Send your appeal by {date}.** See https://example.org/x or %(n)s."
    out = catalogue.pseudo(text)
    assert catalogue.placeholders(out) == catalogue.placeholders(text)
    assert out.startswith("**Séñd ýóúr") and "https://example.org/x" in out


@pytest.fixture
def pseudo_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The pseudo-locale, compiled from the template and made active as a language would be."""
    from babel.messages.pofile import read_po

    with open(catalogue.template_path(), "rb") as handle:
        template = read_po(handle)
    folder = tmp_path / "locale"
    shutil.copytree(catalogue.template_path().parent, folder)
    messages = folder / "qps" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    catalogue.pseudo_po(template, messages / "sendadvisor.po")
    assert not catalogue.placeholder_problems(messages / "sendadvisor.po")
    catalogue.compile_po(messages / "sendadvisor.po", messages / "sendadvisor.mo")
    monkeypatch.setattr(i18n, "locale_dir", lambda: str(folder))
    i18n.use("qps")
    try:
        yield
    finally:
        i18n.use(None)


def _family_words(data: dict) -> set[str]:
    """Words the family or the contacts bring: names, addresses, school, contact details."""
    from sendadvisor.councils import load_council

    words: set[str] = set()

    def take(value: object) -> None:
        if isinstance(value, str):
            words.update(WORD.findall(value))
        elif isinstance(value, dict):
            for item in value.values():
                take(item)
        elif isinstance(value, list | tuple):
            for item in value:
                take(item)

    take(data.get("family"))
    for concern in data.get("concerns", []):
        take(concern.get("description"))
    council = load_council(data.get("council") or "dorset")
    for contact in council.contacts.values():
        details = dataclasses.asdict(contact)
        take({k: v for k, v in details.items() if k not in i18n.TEXT_KEYS["councils"]})
    take(council.name)
    return words


def english_left(text: str, allowed: set[str]) -> list[str]:
    """Words of `text` that the pseudo-locale would have changed, had they been translated."""
    # Web and email addresses, and the rules version ("2026.11.30-9079bf8c"), are not words.
    text = re.sub(r"https?://\S+|www\.\S+|\S+@\S+|\d{4}\.\d\d\.\d\d-[0-9a-f]+", " ", text)
    return sorted(
        {
            word
            for word in WORD.findall(text)
            if word.isascii() and len(word) > 1 and CHANGES & set(word) and word not in allowed
        }
    )


# Not words of any language: the product's name as a name, units and file types.
NAMES = {"sendadvisor", "SENDIASS", "PDF", "ICS", "EHC", "SEND", "SENCO", "NHS", "ICB"}


@pytest.mark.parametrize("case", [EXAMPLE, RICH], ids=lambda p: p.stem)
def test_pseudo_locale_command_line_text(case: Path, pseudo_locale: None) -> None:
    from sendadvisor.cli.assess import render_text
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.rules import assess

    data = json.loads(case.read_text(encoding="utf-8"))
    text = render_text(assess(parse_circumstances(data)))
    assert "á" in text or "é" in text
    assert english_left(text, _family_words(data) | NAMES) == []


@pytest.mark.parametrize("case", [EXAMPLE, RICH], ids=lambda p: p.stem)
def test_pseudo_locale_letter(case: Path, pseudo_locale: None) -> None:

    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.letters import build_letter_content, render_letter
    from sendadvisor.rules import assess

    data = json.loads(case.read_text(encoding="utf-8"))
    circumstances = parse_circumstances(data)
    content = build_letter_content(
        circumstances,
        assess(circumstances),
        council=load_council(circumstances.council or "dorset"),
        adviser_name="Jo Adviser",
        service_name="Dorset SENDIASS",
        issued_on=circumstances.as_of,
    )
    allowed = _family_words(data) | NAMES | {"Jo", "Adviser", "Dorset"}
    assert english_left(content.plain_text(), allowed) == []
    assert english_left(pdf_text(render_letter(content)), allowed) == []


@pytest.mark.gui
@pytest.mark.parametrize("case", [EXAMPLE, RICH], ids=lambda p: p.stem)
def test_pseudo_locale_results_view(case: Path, pseudo_locale: None, qtbot) -> None:
    from datetime import date

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.rules import assess
    from sendadvisor.ui.results_view import ResultsView

    data = json.loads(case.read_text(encoding="utf-8"))
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_assessment(data, assess(parse_circumstances(data)), date.fromisoformat(data["as_of"]))
    shown = [label.text() for label in view.findChildren(QLabel)]
    shown += [button.text() for button in view.findChildren(QAbstractButton)]
    shown += [box.title() for box in view.findChildren(QGroupBox)]
    shown += [w.accessibleName() for w in view.findChildren(QWidget)]
    shown += [w.accessibleDescription() for w in view.findChildren(QWidget)]
    shown += [w.toolTip() for w in view.findChildren(QWidget)]
    text = re.sub(r"<[^>]+>|&[a-z]+;", " ", "\n".join(shown))
    assert "á" in text
    assert english_left(text, _family_words(data) | NAMES) == []


def test_the_language_is_chosen_by_the_environment(
    pseudo_locale: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sendadvisor.app import main

    i18n.use(None)
    monkeypatch.setenv("SENDADVISOR_LANGUAGE", "qps")
    assert main(["assess", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Séñd" in out or "ý" in out
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert english_left(out, _family_words(data) | NAMES) == []


def test_a_language_without_a_catalogue_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sendadvisor.app import main

    monkeypatch.setenv("SENDADVISOR_LANGUAGE", "xx")
    try:
        assert main(["assess", str(EXAMPLE)]) == 0
    finally:
        i18n.use(None)
    captured = capsys.readouterr()
    assert "no catalogue for the language xx: using English" in captured.err
    assert "Tribunal" in captured.out
