"""The family's options and dates for each concern: routes with reasons and sources, deadlines with workings.

Everything shown comes straight from the `assess` output (the same dict `sendadvisor assess --json`
prints); this view only lays it out, large and plain enough to turn the screen round to a family.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sendadvisor.i18n import _

if TYPE_CHECKING:
    from sendadvisor.rules.assessment import Assessment

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sendadvisor import presentation
from sendadvisor.ui import services
from sendadvisor.ui.timeline_picture import TimelinePicture, marks_from_assessment
from sendadvisor.ui.working_dialog import WorkingDialog, sources_html
from sendadvisor.wizard import flow


def _title(entry: dict) -> str:
    return entry.get("title") or entry["id"].replace("_", " ").capitalize()


def _label(
    text: str, name: str = "", *, rich: bool = False, spoken: str = "", details: str = ""
) -> QLabel:
    """A label; with `spoken`, also a Tab stop whose accessible name is `spoken` and whose
    description is `details` (a QLabel gives a screen reader its name only, so everything a
    sighted adviser reads in it must be in the name or the description)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if rich:
        label.setOpenExternalLinks(True)
    if name:
        label.setObjectName(name)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextBrowserInteraction
        if rich
        else Qt.TextInteractionFlag.TextSelectableByMouse
    )
    if spoken:
        label.setAccessibleName(spoken)
        label.setAccessibleDescription(details)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # after the flags, which reset it
    return label


def _source_words(sources: Sequence[Any]) -> list[str]:
    return [s.get("label", "") if isinstance(s, dict) else str(s) for s in sources] or [
        _("none recorded")
    ]


class ResultsView(QScrollArea):
    """Routes and deadlines for every concern, council time limits, warnings and the timeline picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # the text inside takes the focus, not the frame
        self.setAccessibleName(_("Options and dates"))
        self.assessment: Mapping[str, Any] = {}
        self.picture = TimelinePicture()
        self.heading: QLabel = QLabel()
        self._set_body(QWidget())

    def _set_body(self, body: QWidget) -> None:
        old = self.takeWidget()
        if old is not None:  # the picture has already moved into the new body, so it survives this
            old.deleteLater()
        self.setWidget(body)

    def show_assessment(self, circumstances: dict, assessment: Assessment, today: date) -> None:
        self.assessment = assessment
        body = QWidget()
        body.setObjectName("results_body")
        layout = QVBoxLayout(body)
        family = circumstances.get("family") or {}
        who = family.get("child_name") or _("this family")
        heading = _label(
            _(
                "<h2>What {who} can do, and by when</h2><p>Advice given on {as_of}. Today "
                "is {today}.</p>"
            ).format(
                who=html.escape(who),
                as_of=html.escape(services.long_date(assessment.get("as_of"))),
                today=html.escape(services.long_date(today)),
            ),
            "results_heading",
            rich=True,
            spoken=_("What {who} can do, and by when").format(who=who),
            details=_("Advice given on {as_of}. Today is {today}.").format(
                as_of=services.long_date(assessment.get("as_of")),
                today=services.long_date(today),
            ),
        )
        self.heading = heading
        layout.addWidget(heading)

        for number, warning in enumerate(assessment.get("warnings", [])):
            text = _("Please note: {warning}").format(
                warning=flow.plain_field_names(warning.get("text", ""))
            )
            warning_label = _label(text, f"warning.{number}", spoken=text)
            warning_label.setStyleSheet(
                "background: #fff4ce; border: 1px solid #8a6d00; padding: 6px;"
            )
            layout.addWidget(warning_label)

        self.picture.set_marks(marks_from_assessment(assessment, today), today)
        picture_box = QGroupBox(_("The dates on a line"))
        picture_layout = QVBoxLayout(picture_box)
        picture_layout.addWidget(self.picture)
        picture_layout.addWidget(
            _label(
                _(
                    "Circles are for the family, diamonds for the council or others. "
                    "A crossed-out mark has passed. The dashed line is today."
                ),
                "timeline_key",
            )
        )
        layout.addWidget(picture_box)

        for index, concern in enumerate(assessment.get("concerns", [])):
            layout.addWidget(self._concern_box(index, concern, today))

        timeline = assessment.get("timeline", [])
        if timeline:
            box = QGroupBox(_("What the council must do, and by when"))
            box.setObjectName("council_timeline")
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(self._deadline_grid(timeline, "timeline", today))
            layout.addWidget(box)
        rules = assessment.get("rules_version")
        if rules:
            layout.addWidget(
                _label(
                    _("Worked out with rules version {rules}.").format(rules=rules), "rules_version"
                )
            )
        layout.addStretch(1)
        self._set_body(body)

    def _concern_box(self, index: int, concern: Mapping[str, Any], today: date) -> QGroupBox:
        box = QGroupBox(
            _("Concern {number}: {kind}").format(
                number=index + 1, kind=flow.kind_label(concern.get("kind"))
            )
        )
        box.setObjectName(f"concern_result.{index}")
        layout = QVBoxLayout(box)
        for caution in concern.get("cautions", []):
            layout.addWidget(
                _label(
                    _("Take care: {caution}").format(caution=caution),
                    spoken=_("Take care: {caution}").format(caution=caution),
                )
            )
        layout.addWidget(_label(_("<h2>What the family can do</h2>"), rich=True))
        routes = concern.get("routes", [])
        if not routes:
            layout.addWidget(_label(_("No route is open for this concern on these facts.")))
        for route in routes:
            layout.addWidget(self._route_label(index, route))
        deadlines = concern.get("deadlines", [])
        layout.addWidget(_label(_("<h2>Dates</h2>"), rich=True))
        if deadlines:
            layout.addWidget(self._deadline_grid(deadlines, str(index), today))
        else:
            layout.addWidget(
                _label(_("No date can be worked out for this concern from the facts given."))
            )
        return box

    def _route_label(self, index: int, route: dict) -> QLabel:
        parts = [f"<h3>{html.escape(_title(route))}</h3>"]
        if route.get("summary"):
            parts.append(f"<p>{html.escape(route['summary'])}</p>")
        if route.get("reason"):
            parts.append(
                _("<p><i>Why:</i> {reason}</p>").format(reason=html.escape(route["reason"]))
            )
        if route.get("needs_mediation_certificate"):
            parts.append(_("<p><b>A mediation certificate is needed before appealing.</b></p>"))
        parts.append(_("<p><i>Sources:</i></p>") + sources_html(route.get("sources", [])))
        said = [route.get("summary") or ""]
        if route.get("reason"):
            said.append(_("Why: {reason}").format(reason=route["reason"]))
        if route.get("needs_mediation_certificate"):
            said.append(_("A mediation certificate is needed before appealing."))
        said.append(
            _("Sources: {sources}").format(
                sources="; ".join(_source_words(route.get("sources", [])))
            )
        )
        return _label(
            "".join(parts),
            f"route.{index}.{route['id']}",
            rich=True,
            spoken=_title(route),
            details=" ".join(part for part in said if part),
        )

    def _deadline_grid(
        self, entries: Sequence[Mapping[str, Any]], key: str, today: date
    ) -> QWidget:
        """One row per date: what, last day, how long left, who, and a 'how worked out' button."""
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for column, heading in enumerate(
            (_("What must happen"), _("Last day"), _("Time left"), _("Who"), "")
        ):
            grid.addWidget(_label(f"<b>{heading}</b>", rich=True), 0, column)
        ordered = sorted(entries, key=lambda e: e.get("due_on") or "")
        for row, view in enumerate(
            (presentation.deadline_view(e, entries, today) for e in ordered), start=1
        ):
            name = f"deadline.{key}.{view.id}"
            what = view.title or _title({"id": view.id})
            extra = [
                *view.next_steps,
                *(_("Take care: {caution}").format(caution=c) for c in view.cautions),
            ]
            if view.confidence != "V" and view.confidence_words:
                extra.append(
                    view.confidence_words
                )  # how sure, beside the date, where it is not verified
            due_text = services.long_date(view.due_on)
            left_text = f"{view.status_words}: {view.time_left}" if view.is_gone else view.time_left
            # One Tab stop per date, read as a whole row with its column names.
            what_label = _label(
                "\n".join([what, *extra]),
                name + ".title",
                spoken=_(
                    "{what}. Last day: {due_text}. Time left: {left_text}. Who: {who_words}."
                ).format(
                    what=what, due_text=due_text, left_text=left_text, who_words=view.who_words
                ),
                details=" ".join(extra),
            )
            due_label = _label(due_text, name + ".due_on")
            due_label.setProperty("iso", view.due_on.isoformat())
            left_label = _label(left_text, name + ".left")
            who_label = _label(view.who_words, name + ".who")
            if view.is_gone:
                style = (
                    "color: #a00000; font-weight: bold;"  # not for people
                    if view.status == "overdue"
                    else "color: #555555;"
                )
                left_label.setStyleSheet(style)
            else:
                due_label.setStyleSheet("font-weight: bold;")
            button = QPushButton(_("How was this worked out?"))
            button.setObjectName(f"how.{key}.{view.id}")
            button.setAccessibleName(_("How was the date for {what} worked out").format(what=what))
            button.clicked.connect(lambda _checked=False, v=view: WorkingDialog(v, self).exec())
            for column, widget in enumerate((what_label, due_label, left_label, who_label, button)):
                grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
        return grid_widget
