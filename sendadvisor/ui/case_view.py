"""One open case: its options and dates (from `assess`), notes of contact, and the letters issued."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sendadvisor.i18n import N_, _

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Assessment

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendadvisor.ui import fields, style
from sendadvisor.ui.results_view import ResultsView
from sendadvisor.wizard import flow

NOTE_CHANNELS = (
    ("home_visit", N_("Home visit")),
    ("phone", N_("Phone call")),
    ("email", N_("Email")),
    ("other", N_("Other")),
)


def _channels() -> tuple[tuple[str, str], ...]:
    """How a contact happened, in the active language."""
    return tuple((key, _(label)) for key, label in NOTE_CHANNELS)


class CaseView(QWidget):
    """The page shown when a case is opened; buttons ask the main window to act on it."""

    back = Signal()
    edit = Signal()
    letter = Signal()
    close_case = Signal()
    reopen_case = Signal()
    delete_case = Signal()
    export = Signal()
    note_added = Signal(str, str, str)  # on (ISO), channel, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_view")
        self.case_id: str | None = None
        self.circumstances: dict = {}
        self.assessment: Mapping[str, Any] = {}
        self.heading = QLabel(self)
        self.heading.setObjectName("case_heading")
        self.heading.setWordWrap(True)

        # Two rows of buttons, so the window still fits a small laptop screen at 150% scaling.
        everyday, housekeeping = QHBoxLayout(), QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for row, name, text, signal in (
            (everyday, "back_to_list", _("&Back to the list"), self.back),
            (everyday, "edit_case", _("&Change the answers"), self.edit),
            (everyday, "letter", _("&Letter for the family…"), self.letter),
            (housekeeping, "export_case", _("Save a &copy (not encrypted)…"), self.export),
            (housekeeping, "close_case", _("Close the ca&se"), self.close_case),
            (housekeeping, "reopen_case", _("Re&open the case"), self.reopen_case),
            (housekeeping, "delete_case", _("&Delete this family's data…"), self.delete_case),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.clicked.connect(signal)
            row.addWidget(button)
            self.buttons[name] = button
        everyday.addStretch(1)
        housekeeping.addStretch(1)

        self.results = ResultsView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("case_tabs")
        self.tabs.addTab(self.results, _("&Options and dates"))
        self.tabs.addTab(self._notes_tab(), _("&Notes"))
        self.tabs.addTab(self._letters_tab(), _("Letters &issued"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(everyday)
        layout.addLayout(housekeeping)
        layout.addWidget(self.tabs, 1)

    def _letters_tab(self) -> QWidget:
        tab = QWidget(self)
        self.letter_records: list[dict] = []
        self.letters = QListWidget(tab)
        self.letters.setObjectName("letters_issued")
        self.letters.setAccessibleName(_("Letters issued"))
        self.letters.setWordWrap(True)
        self.open_letter_button = QPushButton(_("&Open the saved letter"), tab)
        self.open_letter_button.setObjectName("open_saved_letter")
        self.open_letter_button.setAccessibleName(_("Open the saved letter"))
        self.open_letter_button.clicked.connect(self.open_saved_letter)
        self.letters.itemActivated.connect(lambda _item: self.open_saved_letter())
        self.letters.currentRowChanged.connect(self._letter_chosen)
        self.letter_message = QLabel(tab)
        self.letter_message.setObjectName("letter_message")
        self.letter_message.setWordWrap(True)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.letters, 1)
        layout.addWidget(self.letter_message)
        layout.addWidget(self.open_letter_button, 0, Qt.AlignmentFlag.AlignLeft)
        return tab

    def set_letters(self, letters: list[dict]) -> None:
        """One line per letter: when, which print, by whom, and where it was saved (as the case
        file keeps it), saying so when the file is no longer there."""
        self.letter_records = list(letters)
        self.letters.clear()
        for letter in letters:
            size = _("large print") if letter.get("large_print") else _("standard print")
            when = str(letter.get("issued_at") or letter.get("at") or "")
            when = f"{flow.format_date_text(when[:10])} {when[11:16]}".strip()
            path = letter.get("path")
            if not path:
                where = _(", not saved on this computer (printed or opened only)")
            elif Path(path).is_file():
                where = _(", saved to {path}").format(path=path)
            else:
                where = _(", saved to {path}, but no longer there (moved or deleted)").format(
                    path=path
                )
            self.letters.addItem(
                _("{when}: {size} letter by {by}{where}").format(
                    when=when, size=size, by=letter.get("by", ""), where=where
                )
            )
        if letters and self.letters.currentRow() < 0:
            self.letters.setCurrentRow(len(letters) - 1)  # the newest
        self._letter_chosen(self.letters.currentRow())

    def _saved_path(self) -> Path | None:
        row = self.letters.currentRow()
        if not 0 <= row < len(self.letter_records):
            return None
        path = self.letter_records[row].get("path")
        return Path(path) if path else None

    def _letter_chosen(self, _row: int) -> None:
        path = self._saved_path()
        self.open_letter_button.setEnabled(path is not None)
        self.letter_message.clear()
        self.open_letter_button.setAccessibleDescription(
            "" if path is None else self._gone(path) or _("Opens {path}").format(path=path)
        )

    @staticmethod
    def _gone(path: Path) -> str:
        """What to say when a saved letter is no longer where it was saved ("" while it is)."""
        if path.is_file():
            return ""
        return _(
            "The letter is no longer at {path}: it was moved or deleted after it was saved. "
            "Open it from where it is now, or make it again from “Letter for the family”."
        ).format(path=path)

    def open_saved_letter(self) -> bool:
        """Open the chosen letter's saved PDF in the PDF viewer (QDesktopServices); say so, in
        words a screen reader speaks, when it cannot be."""
        from sendadvisor.ui.letter_dialog import open_with_viewer

        path, opened = self._saved_path(), False
        if path is None:
            message = _(
                "This letter was not saved on this computer (it was printed or opened only). "
                "Make it again from “Letter for the family”."
            )
        elif gone := self._gone(path):
            message = gone
        elif not open_with_viewer(path):
            message = _("No PDF viewer could be opened. The letter is at {path}").format(path=path)
        else:
            message, opened = _("Opened {path}").format(path=path), True
        self.letter_message.setText(message)
        self.open_letter_button.setAccessibleDescription(message)
        style.announce(self.letter_message, message)
        return opened

    def _notes_tab(self) -> QWidget:
        tab = QWidget(self)
        self.notes = QListWidget(tab)
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName(_("Notes of contact with the family"))
        self.notes.setWordWrap(True)
        self.note_on = fields.make_line("note.on", _("Date of the contact"), tab)
        self.note_on.setPlaceholderText(_("dd/mm/yyyy"))
        self.note_channel = fields.make_combo(
            "note.channel", _("How the contact happened"), _channels(), tab
        )
        self.note_text = QPlainTextEdit(tab)
        self.note_text.setObjectName("note.text")
        self.note_text.setAccessibleName(_("What was said or done"))
        self.note_text.setTabChangesFocus(True)
        self.note_message = style.MessageLabel("note.message", tab)
        add = QPushButton(_("&Add the note"), tab)
        add.setObjectName("add_note")
        add.setAccessibleName(_("Add the note"))
        add.clicked.connect(self._add_note)
        form = QFormLayout()
        for text, widget in (
            (_("&Date:"), self.note_on),
            (_("&How:"), self.note_channel),
            (_("&What happened:"), self.note_text),
        ):
            label = QLabel(text, tab)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.note_message)
        form.addRow("", add)
        # Two lines each at least, not Qt's default of about three and a half: the main window
        # must still fit a 1366x768 laptop screen at 150% scaling (512 logical pixels high).
        line = self.fontMetrics().lineSpacing()
        self.notes.setMinimumHeight(line * 2 + 8)
        self.note_text.setMinimumHeight(line * 2 + 8)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.notes, 1)
        layout.addLayout(form)
        return tab

    def show_case(
        self,
        case_id: str,
        circumstances: dict,
        assessment: Assessment,
        today: date,
        notes: list[dict],
        letters: list[dict],
        closed_on: str | None = None,
    ) -> None:
        self.case_id = case_id
        self.circumstances = circumstances
        self.assessment = assessment
        family = circumstances.get("family") or {}
        name = family.get("child_name") or _("Case with no name")
        closed = (
            _(" (closed {on})").format(on=flow.format_date_text(closed_on)) if closed_on else ""
        )
        self.heading.setText(f"<h1>{name}{closed}</h1>")  # not for people
        self.heading.setAccessibleName(name + closed)
        self.buttons["close_case"].setVisible(not closed_on)
        self.buttons["reopen_case"].setVisible(bool(closed_on))
        self.results.show_assessment(circumstances, assessment, today)
        self.note_on.setText(flow.format_date_text(today))
        self.set_notes(notes)
        self.set_letters(letters)
        self.tabs.setCurrentIndex(0)

    def set_notes(self, notes: list[dict]) -> None:
        self.notes.clear()
        labels: dict[str | None, str] = dict(_channels())
        for note in notes:
            self.notes.addItem(
                _("{on}, {how}: {text}").format(
                    on=flow.format_date_text(note.get("on")),
                    how=labels.get(note.get("channel"), ""),
                    text=note.get("text", ""),
                )
            )

    def _add_note(self) -> None:
        problem = flow.check_date_text(self.note_on.text(), as_of=None, past_only=False)
        bad: QWidget = self.note_on
        if problem is None and not self.note_on.text().strip():
            problem = _("Type the date of the contact.")
        if problem is None and not self.note_text.toPlainText().strip():
            problem, bad = _("Write what was said or done."), self.note_text
        self.note_message.show_message(problem)
        # The problem is also the field's accessible description, so a screen reader speaks it.
        for widget in (self.note_on, self.note_text):
            style.describe_problem(widget, problem if widget is bad else None)
        if problem:
            bad.setFocus()
            return
        on = flow.parse_date_text(self.note_on.text())
        assert on is not None
        self.note_added.emit(
            on.isoformat(), self.note_channel.currentData(), self.note_text.toPlainText().strip()
        )
        self.note_text.clear()
