"""The contacts editor: a service's own council contacts, checked by the same strict loader as the
shipped files, saved as `<council>.toml` in the adviser's councils folder, exported and imported
as one file (so a service lead can give it to every adviser)."""

from __future__ import annotations

import json
import os
import re
import tempfile
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sendadvisor import councils
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import N_, _, ngettext
from sendadvisor.ui.style import HELP_STYLE, MessageLabel
from sendadvisor.wizard import flow

ROLE_NAMES = {
    "sendiass": N_("SENDIASS"),
    "mediation": N_("Mediation"),
    "disagreement_resolution": N_("Disagreement resolution"),
    "sen_team": N_("SEN team"),
    "complaints": N_("Complaints"),
    "local_offer": N_("Local Offer"),
}
# Every tab the editor shows: the contacts a letter needs, then the council's Local Offer.
EDITOR_ROLES = councils.COUNCIL_ROLES + councils.OPTIONAL_COUNCIL_ROLES
# What the editor shows, in this order: (key in the file, label, several lines?).
CONTACT_FIELDS = (
    ("name", N_("Name of the organisation"), False),
    ("phone", N_("Phone"), False),
    ("email", N_("Email"), False),
    ("web", N_("Web page"), False),
    ("address", N_("Address (one line on each line)"), True),
    ("hours", N_("Opening hours"), False),
    ("find_it", N_("How a family can find the details (when none have been checked)"), True),
    ("source", N_("Where these details came from"), True),
    ("last_checked", N_("Day the details were checked"), False),
)
# A contact nobody has checked yet: never a guessed number, only where to find it.
FIND_IT = {
    "sendiass": N_(
        "Search for 'SENDIASS' and the council's name, or look on the council's Local Offer."
    ),
    "mediation": N_(
        "The council's decision letter must name the mediation adviser; the council's "
        "Local Offer also names its mediation service."
    ),
    "disagreement_resolution": N_(
        "Ask the council's SEN team or look on the council's Local Offer "
        "for its disagreement resolution service."
    ),
    "sen_team": N_(
        "The council's decision letter must give the name and contact details of the "
        "person dealing with your child's case."
    ),
    "complaints": N_(
        "Search for 'complaints' on the council's website, or ask SENDIASS to help you "
        "make a complaint."
    ),
    "local_offer": N_(
        "Search for 'SEND Local Offer' and the council's name: every council must publish one."
    ),
}
NOT_CHECKED = N_("Not yet checked: no contact details are printed.")
OWN_DETAILS = N_("its own details")
# "The same organisation as:" each other contact a letter needs, by its role.
SAME_AS = {
    "sendiass": N_("the SENDIASS contact"),
    "sen_team": N_("the SEN team contact"),
    "mediation": N_("the mediation contact"),
    "disagreement_resolution": N_("the disagreement resolution contact"),
    "complaints": N_("the complaints contact"),
}


def slug_for(name: str) -> str:
    """A file name for a council ('Poole Council' -> 'poole'), as the loader accepts it."""
    words = re.findall(r"[a-z0-9]+", name.casefold())
    words = [w for w in words if w not in ("council", "county", "city", "borough")] or words
    return "-".join(words)


def blank_council(name: str, today: date) -> dict:
    """A new council's contacts: nothing invented, each saying where a family can find it."""
    return {
        "schema": councils.COUNCIL_SCHEMA,
        "name": name,
        "contacts": {
            role: {
                "name": f"{name} {_(ROLE_NAMES[role])}".strip(),
                "find_it": _(FIND_IT[role]),
                "source": _(NOT_CHECKED),
                "last_checked": today,
            }
            for role in EDITOR_ROLES
        },
    }


def to_toml(data: dict) -> str:
    """The contacts as a TOML file in the loader's format (strings quoted JSON-style, which TOML
    basic strings accept; dates bare)."""

    def value(item: Any) -> str:
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, list):
            return "[" + ", ".join(value(x) for x in item) + "]"
        return json.dumps(str(item), ensure_ascii=False)

    lines = [
        "# Council contacts made in sendadvisor's contacts editor. Never guess a phone number:",  # not for people
        "# a contact nobody has checked says in find_it where a family can find it.",  # not for people
        "",
        f"schema = {value(data.get('schema', councils.COUNCIL_SCHEMA))}",
        f"name = {value(data.get('name', ''))}",
    ]
    for role, entry in (data.get("contacts") or {}).items():
        lines += ["", f"[contacts.{role}]"]
        lines += [f"{key} = {value(item)}" for key, item in entry.items()]
    return "\n".join(lines) + "\n"


def check_file(path: Path) -> councils.Council:
    """The strict loader on a file (its name must be the council's identifier)."""
    return councils.read_council_file(path)


def write_checked(folder: Path, slug: str, text: str) -> Path:
    """Write `<slug>.toml` in `folder` only if the loader accepts it: a temporary file in a
    private folder beside it is written and checked, then renamed into place (never half a file,
    never a file the letter would refuse)."""
    from sendadvisor.fsio import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{slug}.toml"
    with tempfile.TemporaryDirectory(dir=folder, prefix=".checking-") as private:
        candidate = Path(private) / target.name  # the loader reads the identifier from the name
        write_atomically(candidate, text)
        check_file(candidate)
        os.replace(candidate, target)  # same file system: atomic
    return target


def problems(data: dict, slug: str) -> list[InputError]:
    """Every problem the loader finds, one a contact (each checked on its own, the others made
    the same as it) and then the file as a whole: so each field shows its own error at once."""
    found: list[InputError] = []
    contacts = data.get("contacts") or {}
    with tempfile.TemporaryDirectory(prefix="sendadvisor-contacts-") as folder:
        path = Path(folder) / f"{slug}.toml"
        for role, entry in contacts.items():
            if "same_as" in entry:
                continue
            alone = dict(data, name=data.get("name") or "x")
            alone["contacts"] = {
                other: entry if other == role else {"same_as": role} for other in contacts
            }
            path.write_text(to_toml(alone), encoding="utf-8")
            try:
                check_file(path)
            except InputError as error:
                found.append(error)
        if not found:
            path.write_text(to_toml(data), encoding="utf-8")
            try:
                check_file(path)
            except InputError as error:
                found.append(error)
    return found


def field_key(error: InputError) -> str:
    """`contacts.sendiass.phone` from the loader's `councils/x.toml: contacts.sendiass.phone`."""
    return error.field.split(": ", 1)[1] if ": " in error.field else error.field


class ContactForm(QWidget):
    """One contact's details, each field with its problem message under it."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.messages: dict[str, MessageLabel] = {}
        self.extra: dict[str, Any] = {}  # keys the editor does not show (phone_label), kept as read
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.same_as = QComboBox(self)
        self.same_as.setObjectName(f"contacts.{role}.same_as")
        role_name = _(ROLE_NAMES[role])
        self.same_as.setAccessibleName(_("{role}: the same organisation as").format(role=role_name))
        self.same_as.addItem(_(OWN_DETAILS), None)
        for other in councils.COUNCIL_ROLES:
            if other != role:
                self.same_as.addItem(_(SAME_AS[other]), other)
        self.same_as.currentIndexChanged.connect(self._same_as_changed)
        form.addRow(self._label(_("The same organisation as:"), self.same_as), self.same_as)
        for key, field_name, several in CONTACT_FIELDS:
            text = _(field_name)
            edit: QLineEdit | QPlainTextEdit
            if several:
                edit = QPlainTextEdit(self)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            else:
                edit = QLineEdit(self)
            edit.setObjectName(f"contacts.{role}.{key}")
            edit.setAccessibleName(_("{role}: {field}").format(role=role_name, field=text))
            if key == "last_checked":
                edit.setPlaceholderText(_("dd/mm/yyyy"))
            self.inputs[key] = edit
            message = MessageLabel(f"contacts.{role}.{key}.message", self, field=edit)
            self.messages[key] = message
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(message)
            form.addRow(self._label(_("{field}:").format(field=text), edit), box)
        # Problems about the contact as a whole (no way to reach it) go under its name.
        self.messages[""] = self.messages["name"]

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _same_as_changed(self) -> None:
        own = self.same_as.currentData() is None
        for edit in self.inputs.values():
            edit.setEnabled(own)

    def set_entry(self, entry: dict) -> None:
        fill = {}
        for key, value in entry.items():
            if key == "same_as":
                continue
            if key == "address" and isinstance(value, list):
                fill[key] = "\n".join(str(line) for line in value)
            elif key == "last_checked" and isinstance(value, date):
                fill[key] = flow.format_date_text(value)
            elif key in self.inputs:
                fill[key] = str(value)
            else:
                self.extra[key] = value
        for key, edit in self.inputs.items():
            text = fill.get(key, "")
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText(text)
            else:
                edit.setText(text)
        index = self.same_as.findData(entry.get("same_as"))
        self.same_as.setCurrentIndex(max(index, 0))
        self._same_as_changed()

    def entry(self) -> dict:
        """The contact as the file holds it; empty fields are left out (never a made-up value)."""
        target = self.same_as.currentData()
        if target is not None:
            return {"same_as": target}
        entry: dict[str, Any] = {}
        for key, edit in self.inputs.items():
            text = (edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()).strip()
            if not text:
                continue
            if key == "address":
                entry[key] = [line.strip() for line in text.splitlines() if line.strip()]
            elif key == "last_checked":
                entry[key] = _date_or_text(text)
            else:
                entry[key] = text
        for key, value in self.extra.items():
            entry.setdefault(key, value)
        return entry

    def show_problems(self, found: dict[str, str]) -> None:
        for key, message in self.messages.items():
            if key:
                message.show_message(found.get(key) or (found.get("") if key == "name" else None))


def _date_or_text(text: str) -> date | str:
    """A typed date (dd/mm/yyyy or ISO); anything else is kept as text for the loader to refuse."""
    try:
        return flow.parse_date_text(text) or text
    except flow.DateTextError:
        return text


class ContactsEditor(QDialog):
    """Edit one council's contacts; Save writes `<slug>.toml` in `folder` once the loader accepts it."""

    def __init__(
        self,
        folder: Path,
        today: date,
        *,
        slug: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.today = today
        self.saved_path: Path | None = None
        self.last_folder = str(Path.home())
        self.setObjectName("contacts_editor")
        self.setWindowTitle(_("Your council's contacts"))
        intro = QLabel(
            _(
                "These contacts go in every family's letter for this council. Type only details "
                "you have checked, and say where they came from. If nobody has checked a phone "
                "number, leave it out and say how a family can find it."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HELP_STYLE)
        self.name = QLineEdit(self)
        self.name.setObjectName("council_name")
        self.name.setAccessibleName(_("The council's name, as families know it"))
        self.name_message = MessageLabel("council_name.message", self, field=self.name)
        self.slug = QLineEdit(self)
        self.slug.setObjectName("council_slug")
        self.slug.setAccessibleName(_("The council's identifier (the file name)"))
        self.slug.setPlaceholderText(_("made from the name"))
        self.slug_message = MessageLabel("council_slug.message", self, field=self.slug)
        top = QFormLayout()
        top.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for text, edit, message in (
            (_("Council &name:"), self.name, self.name_message),
            (_("&Identifier (file name):"), self.slug, self.slug_message),
        ):
            box = QWidget(self)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(message)
            label = QLabel(text, self)
            label.setBuddy(edit)
            top.addRow(label, box)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("contact_tabs")
        self.forms: dict[str, ContactForm] = {}
        for role in EDITOR_ROLES:
            form = ContactForm(role, self)
            self.forms[role] = form
            scroll = QScrollArea(self)
            scroll.setWidget(form)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            self.tabs.addTab(scroll, _(ROLE_NAMES[role]))
        self.summary = MessageLabel("contacts_problem", self)
        buttons = QDialogButtonBox(self)
        self.import_button = QPushButton(_("&Import a contacts file…"), self)
        self.import_button.setObjectName("import_contacts")
        self.export_button = QPushButton(_("&Export to a file…"), self)
        self.export_button.setObjectName("export_contacts")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_contacts")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("x") * 105, metrics.height() * 42)
        self.load(self._start_data(slug))

    def _start_data(self, slug: str | None) -> dict:
        path = councils.council_file(slug) if slug else None
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    data = tomllib.load(handle)
                self.slug.setText(path.stem)
                return data
            except (OSError, tomllib.TOMLDecodeError):
                pass
        return blank_council("", self.today)

    # --- the data ---------------------------------------------------------------------------------

    def load(self, data: dict) -> None:
        self.name.setText(str(data.get("name") or ""))
        contacts = data.get("contacts") or {}
        for role, form in self.forms.items():
            form.set_entry(contacts.get(role) or blank_council("", self.today)["contacts"][role])

    def data(self) -> dict:
        return {
            "schema": councils.COUNCIL_SCHEMA,
            "name": self.name.text().strip(),
            "contacts": {role: form.entry() for role, form in self.forms.items()},
        }

    def council_slug(self) -> str:
        return self.slug.text().strip() or slug_for(self.name.text())

    def check(self) -> bool:
        """Show each problem the loader finds beside its field; True when there are none."""
        slug = self.council_slug()
        slug_problem = (
            None
            if re.match(r"^[a-z0-9][a-z0-9_-]*$", slug)
            else _("use small letters, digits and hyphens only, such as poole")
        )
        self.slug_message.show_message(slug_problem)
        if not self.name.text().strip():
            self.name_message.show_message(_("the council's name as families know it"))
            self.summary.show_message(_("The council's name is missing."))
            return False
        self.name_message.show_message(None)
        if slug_problem:
            self.summary.show_message(_("The identifier {problem}.").format(problem=slug_problem))
            return False
        found = problems(self.data(), slug)
        by_role: dict[str, dict[str, str]] = {role: {} for role in self.forms}
        for error in found:
            parts = field_key(error).split(".")
            if parts[0] == "contacts" and len(parts) >= 2 and parts[1] in by_role:
                by_role[parts[1]][parts[2] if len(parts) > 2 else ""] = error.message
        for role, form in self.forms.items():
            form.show_problems(by_role[role])
        if found:
            first = field_key(found[0]).split(".")
            if len(first) >= 2 and first[1] in self.forms:
                self.tabs.setCurrentIndex(list(self.forms).index(first[1]))
            more = len(found) - 1
            self.summary.show_message(
                str(found[0])
                if not more
                else ngettext(
                    "{problem} (and {count} more)", "{problem} (and {count} more)", more
                ).format(problem=found[0], count=more)
            )
            return False
        self.summary.show_message(None)
        return True

    def save(self) -> Path | None:
        """Check, write `<slug>.toml` in the adviser's folder, and let the letter use it at once."""
        if not self.check():
            return None
        try:
            path = write_checked(self.folder, self.council_slug(), to_toml(self.data()))
        except InputError as error:
            self.summary.show_message(str(error))
            return None
        except OSError as error:
            self.summary.show_message(
                _("The contacts could not be saved: {reason}.").format(reason=error.strerror)
            )
            return None
        councils.use_user_dir(self.folder)
        self.saved_path = path
        self.accept()
        return path

    # --- one file for every adviser -----------------------------------------------------------------

    def choose_export(self) -> None:
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self,
            _("Export the contacts"),
            str(Path(self.last_folder) / f"{self.council_slug() or 'council'}.toml"),
            _("Contacts files (*.toml)"),
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        """Write the checked contacts to `path` (any name), for other advisers to import."""
        if not self.check():
            return False
        from sendadvisor.fsio import write_atomically

        try:
            write_atomically(path, to_toml(self.data()), mode=0o644)
        except OSError as error:
            self.summary.show_message(
                _("The file could not be written: {reason}.").format(reason=error.strerror)
            )
            return False
        return True

    def choose_import(self) -> None:
        path, _chosen_filter = QFileDialog.getOpenFileName(
            self, _("Import a contacts file"), self.last_folder, _("Contacts files (*.toml)")
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.import_from(Path(path))

    def import_from(self, path: Path) -> bool:
        """Load a contacts file into the editor (Save keeps it). A file the loader refuses for a
        wrong key or shape is refused with one line naming the file and key; a wrong value is
        loaded and shown beside its field to be put right."""
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as error:
            self.summary.show_message(
                _("{file}: cannot be read ({reason})").format(file=path.name, reason=error.strerror)
            )
            return False
        except tomllib.TOMLDecodeError as error:
            self.summary.show_message(
                _("{file}: is not valid TOML ({problem})").format(file=path.name, problem=error)
            )
            return False
        slug = path.stem if re.match(r"^[a-z0-9][a-z0-9_-]*$", path.stem) else None
        slug = slug or slug_for(str(data.get("name") or "")) or "council"
        with tempfile.TemporaryDirectory(prefix="sendadvisor-contacts-") as folder:
            candidate = Path(folder) / f"{slug}.toml"
            candidate.write_bytes(path.read_bytes())
            try:
                check_file(candidate)
                problem = None
            except InputError as error:
                problem = error
        if problem is not None and not _shown_in_a_field(field_key(problem)):
            self.summary.show_message(f"{path.name}: {field_key(problem)}: {problem.message}")
            return False
        self.slug.setText(slug)
        self.load(data)
        return self.check()


def _shown_in_a_field(key: str) -> bool:
    """Whether a loader problem at `key` is about a value the editor shows (so it can be fixed)."""
    parts = key.split(".")
    if parts == ["name"]:
        return True
    shown = {key for key, _label, _several in CONTACT_FIELDS} | {"same_as"}
    return (
        len(parts) in (2, 3)
        and parts[0] == "contacts"
        and parts[1] in EDITOR_ROLES
        and (len(parts) == 2 or parts[2] in shown)
    )
