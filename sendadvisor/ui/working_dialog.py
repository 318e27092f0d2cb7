"""'How was this worked out': the steps and the law behind one date, so the adviser can check it."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sendadvisor.i18n import _
from sendadvisor.presentation import DeadlineView
from sendadvisor.ui import services
from sendadvisor.ui.theme import fit_to_screen


def sources_html(sources: list) -> str:
    """Sources as a list of links (or plain labels when a source has no web address)."""
    items = []
    for source in sources:
        if isinstance(source, dict):
            label = html.escape(source.get("label", ""))
            url = source.get("url")
            items.append(
                f'<li><a href="{html.escape(url)}">{label}</a></li>'  # not for people
                if url
                else f"<li>{label}</li>"
            )
        else:
            items.append(f"<li>{html.escape(str(source))}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else _("<p>No source recorded.</p>")


def working_html(view: DeadlineView) -> str:
    """The rich text of the explanation: the date, its status, the steps in order, how sure the
    rule is, the adviser's notes, cautions and sources."""
    parts = [f"<h2>{html.escape(view.title or view.id)}</h2>"]
    parts.append(
        _("<p><b>Last day: {day}</b></p>").format(day=html.escape(services.long_date(view.due_on)))
    )
    parts.append(f"<p>{html.escape(view.status_words)}.</p>")
    parts += [f"<p>{html.escape(text)}</p>" for text in view.next_steps]
    parts.append(_("<h3>How it was worked out</h3><ol>"))
    parts += [f"<li>{html.escape(step)}</li>" for step in view.steps]
    parts.append("</ol>")
    if view.confidence_words:
        parts.append(f"<p><i>{html.escape(view.confidence_words)}</i></p>")
    if view.adviser_notes:
        parts.append(_("<h3>For the adviser</h3><ul>"))
        parts += [f"<li>{html.escape(text)}</li>" for text in view.adviser_notes]
        parts.append("</ul>")
    if view.cautions:
        parts.append(_("<h3>Take care</h3><ul>"))
        parts += [f"<li>{html.escape(text)}</li>" for text in view.cautions]
        parts.append("</ul>")
    parts.append(_("<h3>The law and guidance used</h3>") + sources_html(list(view.sources)))
    return "".join(parts)


class WorkingDialog(QDialog):
    def __init__(self, view: DeadlineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("working_dialog")
        self.setWindowTitle(_("How was this worked out"))
        # A text browser, not a label: it gives screen readers the text itself (a label only
        # gives a name), and it scrolls by itself, so there is no unnamed scroll-area Tab stop.
        text = QTextBrowser(self)
        text.setObjectName("working_text")
        text.setOpenExternalLinks(True)
        text.setHtml(working_html(view))
        text.setAccessibleName(
            _("How the date for {title} was worked out").format(title=view.title or view.id)
        )
        text.setAccessibleDescription(text.toPlainText())
        self.text = text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        text.setFocus()
        fit_to_screen(
            self, self.fontMetrics().horizontalAdvance("x") * 80, self.fontMetrics().height() * 28
        )
