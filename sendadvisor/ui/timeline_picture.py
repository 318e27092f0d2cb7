"""A picture of the dates drawn with QPainter: today, each deadline, and which have passed.

Meaning never rests on colour alone: passed dates are hollow and say "passed", council limits
are diamonds, and the whole picture is also given to screen readers as a sentence per date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from sendadvisor import presentation
from sendadvisor.dates.wording import format_abbreviated, format_month_abbreviated
from sendadvisor.i18n import _
from sendadvisor.wizard import flow

FAMILY = QColor("#0b5394")
COUNCIL = QColor("#7a3e00")
PASSED = QColor("#6b6b6b")
TODAY = QColor("#b00020")
INK = QColor("#1a1a1a")


@dataclass(frozen=True)
class Mark:
    """One date on the picture."""

    due_on: date
    title: str
    who: str
    status: str  # the contract's status: upcoming, today, passed, overdue, done, done_late, awaiting_certificate
    words: str = ""  # the status as the results say it (presentation.status_words)

    @property
    def gone(self) -> bool:
        return self.status in ("passed", "overdue")


def marks_from_assessment(assessment: Mapping[str, Any], today: date) -> list[Mark]:
    """Every deadline and council time limit in the assessment, in date order, as they stand
    `today` (the presentation model's view: passed once its day has gone)."""
    groups = [concern.get("deadlines", []) for concern in assessment.get("concerns", [])]
    groups.append(list(assessment.get("timeline", [])))
    marks = [
        Mark(view.due_on, view.title, view.who, view.status, view.status_words)
        for group in groups
        for view in (presentation.deadline_view(e, group, today) for e in group if e.get("due_on"))
    ]
    # The same date for the same act can appear under two concerns; draw it once.
    unique = {(m.due_on, m.title): m for m in marks}
    return sorted(unique.values(), key=lambda m: (m.due_on, m.title))


class TimelinePicture(QWidget):
    """Dates on a line from the earliest to the latest, with today marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_picture")
        self.setAccessibleName(_("Timeline picture of the dates"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(
            Qt.FocusPolicy.TabFocus
        )  # so a screen reader user can reach the description
        self.marks: list[Mark] = []
        self.today = date.min  # set_marks gives the real day; this module never reads the clock
        self._lanes: list[int] = []

    def set_marks(self, marks: list[Mark], today: date) -> None:
        self.marks = marks
        self.today = today
        sentences = [_("Today is {today}.").format(today=flow.format_date_text(today))]
        for mark in marks:
            words = mark.words or mark.status  # "done on Friday 20 November 2026", not "friday"
            state = words[:1].lower() + words[1:]
            sentences.append(f"{mark.title}: {flow.format_date_text(mark.due_on)}, {state}.")
        self.setAccessibleDescription(
            " ".join(sentences) if marks else _("There are no dates to show.")
        )
        self.setToolTip("\n".join(sentences[1:]))
        self.updateGeometry()
        self.update()

    # --- geometry -----------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont]:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold, QFont(self.font())

    def _label_size(self, mark: Mark) -> tuple[float, float]:
        bold, plain = self._fonts()
        top = QFontMetrics(bold).horizontalAdvance(self._date_text(mark))
        bottom = QFontMetrics(plain).horizontalAdvance(self._title_text(mark))
        return max(top, bottom) + 8, QFontMetrics(bold).height() + QFontMetrics(plain).height() + 6

    def _date_text(self, mark: Mark) -> str:
        suffix = {
            "passed": _("{day} (passed)"),
            "overdue": _("{day} (overdue)"),
            "today": _("{day} (today)"),
            "done": _("{day} (done)"),
            "done_late": _("{day} (done late)"),
            "awaiting_certificate": _("{day} (waiting)"),
        }.get(mark.status, "{day}")
        return suffix.format(day=format_abbreviated(mark.due_on))

    def _title_text(self, mark: Mark) -> str:
        if mark.who == "family":
            return mark.title
        return _("Council: {title}").format(title=mark.title)

    def _span(self) -> tuple[date, date]:
        days = [self.today] + [m.due_on for m in self.marks]
        first, last = min(days), max(days)
        pad = max(3, (last - first).days // 20)
        return first - timedelta(days=pad), last + timedelta(days=pad)

    def _x(self, day: date, left: float, width: float) -> float:
        first, last = self._span()
        total = max(1, (last - first).days)
        return left + width * (day - first).days / total

    def _layout(self, width: float) -> tuple[list[tuple[Mark, float, float, int]], float]:
        """Place each label in the first lane where it does not overlap; returns (placements, lane height)."""
        left, usable = 16.0, max(100.0, width - 32.0)
        lanes_end: list[float] = []
        placed = []
        lane_height = 0.0
        for mark in self.marks:
            x = self._x(mark.due_on, left, usable)
            label_width, label_height = self._label_size(mark)
            lane_height = max(lane_height, label_height + 10)
            # Labels hang to the right of their mark, or to the left near the right edge.
            start = x - 4 if x + label_width < width - 8 else x - label_width + 4
            start = max(4.0, start)
            lane = next((i for i, end in enumerate(lanes_end) if start > end + 10), len(lanes_end))
            if lane == len(lanes_end):
                lanes_end.append(0.0)
            lanes_end[lane] = start + label_width
            placed.append((mark, x, start, lane))
        return placed, lane_height

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        width = max(self.width(), 640)
        placed, lane_height = self._layout(width)
        lanes = 1 + max((lane for *_rest, lane in placed), default=0)
        return QSize(width, int(self._axis_y() + 24 + lanes * lane_height + 8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(320, self.sizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt naming)
        placed, lane_height = self._layout(width)
        lanes = 1 + max((lane for *_rest, lane in placed), default=0)
        return int(self._axis_y() + 24 + lanes * lane_height + 8)

    def _axis_y(self) -> float:
        return QFontMetrics(self.font()).height() * 2 + 16

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        width = float(self.width())
        left, usable = 16.0, max(100.0, width - 32.0)
        axis_y = self._axis_y()
        bold, plain = self._fonts()
        if not self.marks:
            painter.setPen(INK)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, _("There are no dates to show yet.")
            )
            return
        painter.setPen(QPen(INK, 2))
        painter.drawLine(QPointF(left, axis_y), QPointF(left + usable, axis_y))
        self._paint_months(painter, left, usable, axis_y)

        today_x = self._x(self.today, left, usable)
        painter.setPen(QPen(TODAY, 2, Qt.PenStyle.DashLine))
        painter.drawLine(
            QPointF(today_x, 4 + QFontMetrics(bold).height()), QPointF(today_x, self.height() - 4)
        )
        painter.setFont(bold)
        painter.setPen(TODAY)
        today_text = f"Today {format_abbreviated(self.today, weekday=False, year=False)}"
        text_width = QFontMetrics(bold).horizontalAdvance(today_text)
        painter.drawText(
            QPointF(
                min(max(4, today_x - text_width / 2), width - text_width - 4),
                QFontMetrics(bold).ascent() + 2,
            ),
            today_text,
        )

        placed, lane_height = self._layout(width)
        # Leader lines and marks first, then the labels on white, so no line runs through words.
        for mark, x, _start, lane in placed:
            colour = PASSED if mark.gone else (FAMILY if mark.who == "family" else COUNCIL)
            top = axis_y + 20 + lane * lane_height
            painter.setPen(QPen(colour, 1))
            painter.drawLine(QPointF(x, axis_y), QPointF(x, top))
            self._paint_marker(painter, mark, QPointF(x, axis_y), colour)
        for mark, _x, start, lane in placed:
            colour = PASSED if mark.gone else (FAMILY if mark.who == "family" else COUNCIL)
            top = axis_y + 20 + lane * lane_height
            label_width, label_height = self._label_size(mark)
            painter.fillRect(QRectF(start, top - 2, label_width, label_height), QColor("white"))
            painter.setFont(bold)
            painter.setPen(colour if not mark.gone else PASSED)
            painter.drawText(
                QPointF(start + 4, top + QFontMetrics(bold).ascent()), self._date_text(mark)
            )
            painter.setFont(plain)
            painter.setPen(INK if not mark.gone else PASSED)
            painter.drawText(
                QPointF(
                    start + 4, top + QFontMetrics(bold).height() + QFontMetrics(plain).ascent() + 2
                ),
                self._title_text(mark),
            )
        if self.hasFocus():
            painter.setPen(QPen(INK, 1, Qt.PenStyle.DotLine))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))

    def _paint_months(self, painter: QPainter, left: float, usable: float, axis_y: float) -> None:
        first, last = self._span()
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        cursor = date(first.year, first.month, 1)
        previous_end = -1e9
        while cursor <= last:
            if cursor >= first:
                x = self._x(cursor, left, usable)
                painter.setPen(QPen(INK, 1))
                painter.drawLine(QPointF(x, axis_y - 6), QPointF(x, axis_y + 6))
                text = format_month_abbreviated(cursor)
                if (
                    x - 2 > previous_end
                ):  # skip a month name rather than draw names on top of each other
                    painter.drawText(QPointF(x + 3, axis_y - 8), text)
                    previous_end = x + 3 + metrics.horizontalAdvance(text)
            cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)

    def _paint_marker(self, painter: QPainter, mark: Mark, at: QPointF, colour: QColor) -> None:
        size = 7.0
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush if mark.gone else colour)
        if mark.who == "family":
            painter.drawEllipse(at, size, size)
        else:  # council and other bodies: a diamond, so the shape says who must act
            painter.drawPolygon(
                QPolygonF(
                    [
                        at + QPointF(0, -size - 1),
                        at + QPointF(size + 1, 0),
                        at + QPointF(0, size + 1),
                        at + QPointF(-size - 1, 0),
                    ]
                )
            )
        if mark.gone:  # a cross through it: gone by, whatever the colour looks like
            painter.drawLine(at + QPointF(-size, -size), at + QPointF(size, size))
        painter.setBrush(Qt.BrushStyle.NoBrush)
