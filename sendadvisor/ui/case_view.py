"""One open case: its options and dates (from `assess`), notes of contact, and the letters issued."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Assessment

from datetime import date

from PySide6.QtCore import Signal
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
    ("home_visit", "Home visit"),
    ("phone", "Phone call"),
    ("email", "Email"),
    ("other", "Other"),
)


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
            (everyday, "back_to_list", "&Back to the list", self.back),
            (everyday, "edit_case", "&Change the answers", self.edit),
            (everyday, "letter", "&Letter for the family…", self.letter),
            (housekeeping, "export_case", "E&xport as JSON…", self.export),
            (housekeeping, "close_case", "Close the ca&se", self.close_case),
            (housekeeping, "reopen_case", "Re&open the case", self.reopen_case),
            (housekeeping, "delete_case", "&Delete this family's data…", self.delete_case),
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
        self.tabs.addTab(self.results, "&Options and dates")
        self.tabs.addTab(self._notes_tab(), "&Notes")
        self.letters = QListWidget(self)
        self.letters.setObjectName("letters_issued")
        self.letters.setAccessibleName("Letters issued")
        self.tabs.addTab(self.letters, "Letters &issued")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(everyday)
        layout.addLayout(housekeeping)
        layout.addWidget(self.tabs, 1)

    def _notes_tab(self) -> QWidget:
        tab = QWidget(self)
        self.notes = QListWidget(tab)
        self.notes.setObjectName("notes")
        self.notes.setAccessibleName("Notes of contact with the family")
        self.notes.setWordWrap(True)
        self.note_on = fields.make_line("note.on", "Date of the contact", tab)
        self.note_on.setPlaceholderText("dd/mm/yyyy")
        self.note_channel = fields.make_combo(
            "note.channel", "How the contact happened", NOTE_CHANNELS, tab
        )
        self.note_text = QPlainTextEdit(tab)
        self.note_text.setObjectName("note.text")
        self.note_text.setAccessibleName("What was said or done")
        self.note_text.setTabChangesFocus(True)
        self.note_message = style.MessageLabel("note.message", tab)
        add = QPushButton("&Add the note", tab)
        add.setObjectName("add_note")
        add.setAccessibleName("Add the note")
        add.clicked.connect(self._add_note)
        form = QFormLayout()
        for text, widget in (
            ("&Date:", self.note_on),
            ("&How:", self.note_channel),
            ("&What happened:", self.note_text),
        ):
            label = QLabel(text, tab)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.note_message)
        form.addRow("", add)
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
        name = family.get("child_name") or "Case with no name"
        closed = f" (closed {flow.format_date_text(closed_on)})" if closed_on else ""
        self.heading.setText(f"<h1>{name}{closed}</h1>")
        self.heading.setAccessibleName(f"{name}{closed}")
        self.buttons["close_case"].setVisible(not closed_on)
        self.buttons["reopen_case"].setVisible(bool(closed_on))
        self.results.show_assessment(circumstances, assessment, today)
        self.note_on.setText(flow.format_date_text(today))
        self.set_notes(notes)
        self.letters.clear()
        for letter in letters:
            size = "large print" if letter.get("large_print") else "standard print"
            when = str(letter.get("issued_at") or letter.get("at") or "")[:16].replace("T", " ")
            self.letters.addItem(
                f"{when}: {size} letter by {letter.get('by', '')} (rules {letter.get('rules_version', '')})"
            )
        self.tabs.setCurrentIndex(0)

    def set_notes(self, notes: list[dict]) -> None:
        self.notes.clear()
        labels: dict[str | None, str] = dict(NOTE_CHANNELS)
        for note in notes:
            self.notes.addItem(
                f"{flow.format_date_text(note.get('on'))}, {labels.get(note.get('channel'), '')}: {note.get('text', '')}"
            )

    def _add_note(self) -> None:
        problem = flow.check_date_text(self.note_on.text(), as_of=None, past_only=False)
        if problem is None and not self.note_on.text().strip():
            problem = "Type the date of the contact."
        if problem is None and not self.note_text.toPlainText().strip():
            problem = "Write what was said or done."
        self.note_message.show_message(problem)
        if problem:
            return
        on = flow.parse_date_text(self.note_on.text())
        assert on is not None
        self.note_added.emit(
            on.isoformat(), self.note_channel.currentData(), self.note_text.toPlainText().strip()
        )
        self.note_text.clear()
