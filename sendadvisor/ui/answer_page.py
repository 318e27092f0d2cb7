"""What every wizard page shares: building an input for a flow.Question and checking typed dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from sendadvisor.ui import fields, style
from sendadvisor.wizard import flow


def _say_problem_until_changed(widget: QWidget, message: str) -> None:
    """Put a problem in a (non-date) field's accessible description, so it is spoken when the
    field takes the focus, and give the field back its usual description once it is changed."""
    usual = widget.property("usual_description")
    if usual is None:
        usual = widget.accessibleDescription()
        widget.setProperty("usual_description", usual)
    style.describe_problem(widget, message, usual)
    changed = fields.change_signal(widget)

    def restore(*_args: object) -> None:
        style.describe_problem(widget, None, usual)
        changed.disconnect(restore)

    changed.connect(restore)


def _focus_chain(layout: QLayout) -> list[QWidget]:
    """The Tab stops inside `layout`, in the order its items are laid out."""
    found: list[QWidget] = []
    for position in range(layout.count()):
        item = layout.itemAt(position)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
                found.append(widget)
            if widget.layout() is not None:
                found += _focus_chain(widget.layout())  # type: ignore[arg-type]
        elif inner is not None:
            found += _focus_chain(inner)
    return found


class AnswerPage(QWizardPage):
    """A wizard page of questions; `inputs` maps each circumstances path to its input widget."""

    changed = Signal()

    def __init__(
        self, name: str, title: str, subtitle: str, as_of: Callable[[], date | None]
    ) -> None:
        super().__init__()
        self.page_name = name
        self.setObjectName(f"page.{name}")
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.as_of = as_of
        self.inputs: dict[str, QWidget] = {}
        self.date_fields: dict[str, fields.DateField] = {}
        self.rows: dict[str, QWidget] = {}  # path -> the widget shown in the form row (for hiding)
        # The page body scrolls, so nothing is cut off at 150% scaling on a small laptop screen.
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        self.form = QFormLayout()
        # Labels above their fields: nothing is squeezed or clipped at 150% scaling, and the eye
        # runs straight down the page (as GOV.UK forms do).
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body_layout.addLayout(self.form)
        body_layout.addStretch(1)  # spare height goes below the questions, not between them
        scroll = QScrollArea()
        scroll.setWidget(self.body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own: screen readers met it as a silent, unnamed stop on every page.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setAccessibleName(title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll_area = scroll

    def add_question(
        self,
        question: flow.Question,
        path: str,
        *,
        choices=None,
        form: QFormLayout | None = None,
        mnemonic: str | None = None,
    ) -> QWidget:
        """Create the input for `question` at `path`, label it, and put it in the form."""
        form = form or self.form
        parent = form.parentWidget()
        if question.kind == "date":
            field = fields.DateField(question, path, self.as_of, parent)
            self.date_fields[path] = field
            field.changed.connect(self.changed)
            widget: QWidget = field
            self.inputs[path] = field.edit
        elif question.kind == "choice":
            widget = fields.make_combo(path, question.label, choices or (), parent)
            self.inputs[path] = widget
        elif question.kind == "yes_no":
            widget = fields.make_check(path, question.label, parent)
            self.inputs[path] = widget
        elif question.kind in ("lines", "ranges"):
            widget = fields.make_lines(path, question.label, parent, rows=3)
            if question.help:
                widget.setPlaceholderText(question.help)
                widget.setAccessibleDescription(question.help)
            self.inputs[path] = widget
        else:
            widget = fields.make_line(path, question.label, parent)
            self.inputs[path] = widget
        if question.help:
            # The "what is this?" hint of every question: Shift+F1 (Qt's What's This), a tooltip,
            # and what a screen reader says after the field's name.
            hinted = self.inputs[path]
            hinted.setWhatsThis(question.help)
            hinted.setToolTip(question.help)
            if not hinted.accessibleDescription():
                hinted.setAccessibleDescription(question.help)
        if question.kind != "date":
            fields.change_signal(self.inputs[path]).connect(self.changed)
        if question.kind == "yes_no":
            form.addRow(widget)
        else:
            text = question.label
            if mnemonic and mnemonic.lower() in text.lower():
                at = text.lower().index(mnemonic.lower())
                text = text[:at] + "&" + text[at:]
            label = QLabel(text + ":", parent)
            label.setBuddy(self.inputs[path])
            # A label has the full width above its field; wrapping short ones only makes ragged lines.
            label.setWordWrap(len(text) > 70)
            form.addRow(label, widget)
        self.rows[path] = widget
        return self.inputs[path]

    def order_tabs(self) -> None:
        """Tab follows the page as it reads: each row of the form top to bottom, left to right
        inside a row (widgets made out of order, such as the sections box, no longer jump ahead)."""
        chain = _focus_chain(self.form)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def settle_layout(self) -> None:
        """Lay the page out now that rows were shown or hidden, not at the next turn of the event
        loop: until then the scroll area keeps the body at its old height, so boxes just shown
        are squeezed onto the rows below them and Tab would place the focus by those positions."""
        layout = self.body.layout()
        if layout is not None:
            layout.activate()
        QApplication.sendEvent(self.scroll_area, QEvent(QEvent.Type.LayoutRequest))

    def set_row_visible(self, path: str, visible: bool, form: QFormLayout | None = None) -> None:
        (form or self.form).setRowVisible(self.rows[path], visible)

    def answers(self) -> dict:
        return {path: fields.read_input(widget) for path, widget in self.inputs.items()}

    def load(self, answers: dict) -> None:
        for path, widget in self.inputs.items():
            if path in answers:
                fields.write_input(widget, answers[path])

    def visible_date_fields(self) -> list[fields.DateField]:
        return [
            field
            for field in self.date_fields.values()
            if not field.isHidden() and field.isVisibleTo(self)
        ]

    def validatePage(self) -> bool:  # noqa: N802 (Qt naming)
        """Stop on a date that is not a date, showing why beside it and putting the cursor there."""
        first_bad = None
        for field in self.visible_date_fields():
            if not field.check() and first_bad is None:
                first_bad = field
        if first_bad is not None:
            first_bad.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return True

    def show_problem(self, path: str, message: str) -> bool:
        """Show a problem found later (by the full check) beside its field; False if not on this page."""
        if path in self.date_fields:
            self.date_fields[path].set_problem(message)
            self.date_fields[path].edit.setFocus()
            return True
        if path in self.inputs:
            widget = self.inputs[path]
            _say_problem_until_changed(widget, message)
            widget.setFocus()
            return True
        return False
