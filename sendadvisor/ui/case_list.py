"""The case list page: instant search, each case's next deadline and days left, unfinished drafts, recent activity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sendadvisor import presentation
from sendadvisor.i18n import N_, _, ngettext
from sendadvisor.storage.records import SOON_DAYS
from sendadvisor.ui import services
from sendadvisor.wizard import flow

# What matters most at a glance comes first: who, the next date and whether the council is late.
COLUMNS = (
    N_("Child or young person"),
    N_("Family's next date"),
    N_("Time left"),
    N_("Needs attention"),
    N_("Latest concern"),
    N_("School"),
)
ATTENTION = 3
# How the table's width is shared when the columns' natural widths do not fit (150% on a laptop):
# "Needs attention" keeps the largest share; cut text ends in "…" and is whole in its tooltip.
COLUMN_SHARES = (3, 3, 2, 8, 2, 1)
_Index = QModelIndex | QPersistentModelIndex
_KIND_LABELS = dict(flow.CONCERN_KINDS)


class CaseTableModel(QAbstractTableModel):
    """Rows from CaseFile.list_cases; formatting happens only for the rows the view paints."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self.rows: Sequence[Any] = []
        # Case id -> the facts its dates need, in words: worked out when a row is first painted
        # (running the rules for every undated case of 20,000 would delay the whole list).
        self.missing: dict[str, list[str]] = {}

    def set_rows(self, rows: Sequence[Any], today: date) -> None:
        self.beginResetModel()
        self.rows = rows
        self.today = today
        self.missing = {}
        self.endResetModel()

    def _missing(self, row: Any) -> list[str]:
        """The facts a case with no family date needs, in words (once per row shown)."""
        if row.undated_circumstances is None:
            return []
        if row.id not in self.missing:
            self.missing[row.id] = services.missing_facts(row.undated_circumstances)
        return self.missing[row.id]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt naming; an invalid index is immutable)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt naming; an invalid index is immutable)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(row, column) or None  # the whole text where the column cuts it
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        urgent = row.closed_on is None and (
            row.family_passed or row.next_family_status == "awaiting_certificate"
        )
        if role == Qt.ItemDataRole.ForegroundRole and column == ATTENTION and urgent:
            return QBrush(QColor("#a00000"))  # 7.1:1 on white; the words say it as well
        if role == Qt.ItemDataRole.ForegroundRole and row.closed_on is not None:
            return QBrush(QColor("#555555"))
        if role == Qt.ItemDataRole.FontRole and column == ATTENTION and urgent:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def attention(self, row: Any) -> str:
        """Why this case needs the adviser, in words (presentation.attention)."""
        if row.closed_on is not None:
            return ""
        titles = services.deadline_titles()
        soon = None
        if (
            row.next_family_on is not None
            and row.next_family_status != "awaiting_certificate"
            and (row.next_family_on - self.today).days <= SOON_DAYS
        ):
            soon = (titles.get(row.next_family_id, row.next_family_id), row.next_family_on)
        missing = self._missing(row)
        if row.family_dates == 0 and not missing:
            missing = [_("the dates of the concern")]
        return presentation.attention(
            passed=[titles.get(i, i) for i in row.family_passed],
            awaiting=row.next_family_status == "awaiting_certificate",
            soon=soon,
            missing=missing if row.family_dates == 0 else (),
            council_late=[titles.get(i, i) for i in row.council_overdue],
            today=self.today,
        )

    def _text(self, row: Any, column: int) -> str:
        if column == 0:
            name = row.child_name or _("(no name)")
            return _("{name} (closed)").format(name=name) if row.closed_on else name
        if column == 1:
            if row.next_family_on:
                return flow.format_date_text(row.next_family_on)
            if row.family_passed:
                return presentation.status_words({"status": "passed"})
            return _("Not worked out") if row.family_dates == 0 else _("None to come")
        if column == 2:
            if row.next_family_on is None:
                return ""
            status = presentation.status_on(
                row.next_family_status, row.next_family_on, "family", self.today
            )
            if status == "awaiting_certificate":
                return presentation.status_words({"status": status})
            return flow.days_left_text(row.next_family_on, self.today)
        if column == ATTENTION:
            # Words, not only colour: read out and seen the same way.
            return self.attention(row)
        if column == 4:
            return _KIND_LABELS.get(row.latest_concern, row.latest_concern or "")
        if column == 5:
            return row.school or ""
        return ""


def shared_widths(
    natural: Sequence[int], shares: Sequence[int], available: int, least: int = 0
) -> list[int]:
    """Column widths that add up to no more than `available` (when `least` each allows it): each
    column gets its natural width when all fit, otherwise at least `least` and its share of the
    rest (max-min fair, by `shares`)."""
    if sum(natural) <= available:
        return list(natural)
    widths = [min(least, width) for width in natural]
    left, weight = available - sum(widths), sum(shares)
    for column in sorted(range(len(natural)), key=lambda c: natural[c] / shares[c]):
        wanted = natural[column] - widths[column]
        given = max(0, min(wanted, left * shares[column] // weight))
        widths[column] += given
        left -= given
        weight -= shares[column]
    return widths


class CaseTable(QTableView):
    """The case list's table: its columns fit its width, so "Needs attention" never needs
    sideways scrolling (150% on a laptop); text too long for a column ends in "…", and the whole
    of it is the cell's tooltip and accessible text."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.natural_widths: list[int] = []
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)

    def fit_columns(self) -> None:
        """Share the visible width between the columns (the last one takes what is left: Qt's
        own stretching of the last column keeps it at least 100 pixels, too wide at 150%)."""
        if not self.natural_widths:
            return
        available = self.viewport().width()
        header = self.horizontalHeader()
        widths = shared_widths(
            self.natural_widths, COLUMN_SHARES, available, header.minimumSectionSize()
        )
        widths[-1] = max(widths[-1], available - sum(widths[:-1]))  # the last fills the rest
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        # The viewport narrows when the vertical scroll bar appears, not only with the window.
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().viewportEvent(event)


class CaseListPage(QWidget):
    """What the adviser sees after unlocking: search box, case table, drafts to carry on, activity."""

    open_case = Signal(str)
    rows_shown = Signal()
    search_changed = Signal()
    resume_draft = Signal(str)
    discard_draft = Signal(str)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_list_page")
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setAccessibleName(_("Search cases by name, school, concern or notes"))
        self.search.setPlaceholderText(_("Search by name, school, concern or notes"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search)
        self.show_closed = QCheckBox(_("Show c&losed cases"), self)
        self.show_closed.setObjectName("show_closed")
        self.show_closed.setAccessibleName(_("Show closed cases"))
        self.count = QLabel(self)
        self.count.setObjectName("case_count")

        self.drafts_box = QWidget(self)
        self.drafts_box.setObjectName("drafts")
        self.drafts_layout = QVBoxLayout(self.drafts_box)
        self.drafts_layout.setContentsMargins(0, 0, 0, 0)

        self.model = CaseTableModel(today)
        self.table = CaseTable(self)
        self.table.setObjectName("case_table")
        self.table.setAccessibleName(_("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.table.verticalHeader().hide()
        # Fixed row heights from the font: 20,000 rows lay out instantly, and nothing is clipped at 150%.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # fit_columns gives the last column the rest
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrow column's title ends in "…"
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)  # urgent words are bold, and wider
        self.table.natural_widths = [
            max(measure.horizontalAdvance(sample), metrics.horizontalAdvance(_(COLUMNS[column])))
            + 28
            for column, (sample, measure) in enumerate(
                (
                    ("Alexandra Smith-Jones (closed)", metrics),
                    (max("00/00/00000", _("Not worked out"), _("None to come"), key=len), metrics),
                    (_("Waiting for the mediation certificate"), metrics),
                    (_("Family date passed: appeal to the Tribunal"), QFontMetrics(bold)),
                    (_("The council refused to carry out an EHC needs"), metrics),
                    ("St Mary's Primary School", metrics),
                )
            )
        ]
        self.table.fit_columns()
        self.table.activated.connect(
            lambda index: self.open_case.emit(self.model.data(index, Qt.ItemDataRole.UserRole))
        )

        self.activity = QListWidget(self)
        self.activity.setObjectName("recent_activity")
        self.activity.setAccessibleName(_("Recent activity"))
        activity_box = QWidget(self)
        activity_layout = QVBoxLayout(activity_box)
        activity_layout.setContentsMargins(0, 0, 0, 0)
        activity_label = QLabel(_("Recent &activity"), activity_box)
        activity_label.setBuddy(self.activity)
        activity_layout.addWidget(activity_label)
        activity_layout.addWidget(self.activity)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_closed)
        # Activity sits under the list, so the list keeps the full width for its columns.
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(activity_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.drafts_box)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)

        # Searching waits for a short pause in typing, so each key press stays instant.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(150)
        self.search_timer.timeout.connect(self.search_changed)
        self.search.textChanged.connect(self.search_timer.start)
        self.show_closed.toggled.connect(self.search_changed)
        self.search.returnPressed.connect(self._open_first)

    def _open_first(self) -> None:
        if self.search_timer.isActive():
            self.search_timer.stop()
            self.search_changed.emit()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def set_rows(
        self, rows: Sequence[Any], today: date, *, searching: bool, closed: int = 0
    ) -> None:
        """Show `rows`; `closed` is how many closed cases are hidden (said when none is open)."""
        self.model.set_rows(rows, today)
        self.set_activity(getattr(self, "_activity", []))  # now the cases can be named
        count = len(rows)
        if count == 0 and searching:
            self.count.setText(
                _(
                    "No case matches that search. Try part of a name, a school or a word from the notes."
                )
            )
        elif count == 0 and closed:
            self.count.setText(
                _("No open cases ({closed} closed). Tick “Show closed cases” to see them.").format(
                    closed=closed
                )
            )
        elif count == 0:
            self.count.setText(_("No cases yet. Press Ctrl+N, or New case, to add the first one."))
        else:
            self.count.setText(
                (
                    ngettext("{count} case found", "{count} cases found", count)
                    if searching
                    else ngettext("{count} case", "{count} cases", count)
                ).format(count=count)
            )
        self.rows_shown.emit()

    def selected_case(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def set_drafts(self, drafts: list[tuple[str, dict, str]]) -> None:
        """One line per unfinished wizard, with buttons to carry on or throw it away."""
        while self.drafts_layout.count():
            item = self.drafts_layout.takeAt(0)
            assert item is not None  # count() says there is one
            widget = item.widget()
            if widget:
                widget.deleteLater()
        for key, data, saved_at in drafts:
            answers = (data or {}).get("answers") or {}
            parent = answers.get("family.parent_name")
            who = (
                answers.get("family.child_name")
                or (_("the child of {parent}").format(parent=parent) if parent else "")
                or _("a case with no name yet")
            )
            row = QWidget(self.drafts_box)
            row.setObjectName(f"draft.{key}")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(
                _("Unfinished: {who} (last saved {saved})").format(
                    who=who, saved=saved_at[:16].replace("T", " ")
                ),
                row,
            )
            resume = QPushButton(_("Carry on"), row)
            resume.setObjectName(f"resume.{key}")
            resume.setAccessibleName(
                _("Carry on with the unfinished case for {who}").format(who=who)
            )
            discard = QPushButton(_("Discard"), row)
            discard.setObjectName(f"discard.{key}")
            discard.setAccessibleName(_("Discard the unfinished case for {who}").format(who=who))
            resume.clicked.connect(lambda _checked=False, k=key: self.resume_draft.emit(k))
            discard.clicked.connect(lambda _checked=False, k=key: self.discard_draft.emit(k))
            line.addWidget(text, 1)
            line.addWidget(resume)
            line.addWidget(discard)
            row.setStyleSheet("background: #fff4ce;")
            self.drafts_layout.addWidget(row)
        self.drafts_box.setVisible(bool(drafts))

    def set_activity(self, entries: list[dict]) -> None:
        self._activity = list(entries)
        names = {row.id: row.child_name for row in self.model.rows if row.child_name}
        self.activity.clear()
        for entry in entries:
            at = flow.format_date_text(str(entry.get("at", ""))[:10])
            at += " " + str(entry.get("at", ""))[11:16]
            action = str(entry.get("action", "")).replace("_", " ")
            case_id = entry.get("case_id")
            which = (
                f" ({names.get(case_id) or _('case {id}').format(id=case_id)})" if case_id else ""
            )
            self.activity.addItem(
                _("{at}  {user}: {action}{which}").format(
                    at=at, user=entry.get("user", ""), action=action, which=which
                )
            )
