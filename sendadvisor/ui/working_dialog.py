"""'How was this worked out': the steps and the law behind one date, so the adviser can check it."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from sendadvisor.ui import services
from sendadvisor.ui.theme import fit_to_screen

CONFIDENCE = {
    "V": "Checked against the law itself.",
    "S": "Taken from reliable guidance; the law's own text could not be checked.",
    "M": "Our reading of the law, not yet confirmed. Treat with care.",
}


def sources_html(sources: list) -> str:
    """Sources as a list of links (or plain labels when a source has no web address)."""
    items = []
    for source in sources:
        if isinstance(source, dict):
            label = html.escape(source.get("label", ""))
            url = source.get("url")
            items.append(f'<li><a href="{html.escape(url)}">{label}</a></li>' if url else f"<li>{label}</li>")
        else:
            items.append(f"<li>{html.escape(str(source))}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>No source recorded.</p>"


def working_html(entry: dict) -> str:
    """The rich text of the explanation: the date, the steps in order, cautions and sources."""
    parts = [f"<h2>{html.escape(entry.get('title') or entry['id'])}</h2>"]
    parts.append(f"<p><b>Last day: {html.escape(services.long_date(entry.get('due_on')))}</b></p>")
    from sendadvisor import presentation

    parts.append(f"<p>{html.escape(presentation.status_words(entry))}.</p>")
    parts += [f"<p>{html.escape(text)}</p>" for text in presentation.next_steps(entry)]
    parts.append("<h3>How it was worked out</h3><ol>")
    parts += [f"<li>{html.escape(step)}</li>" for step in entry.get("steps", [])]
    parts.append("</ol>")
    if entry.get("cautions"):
        parts.append("<h3>Take care</h3><ul>")
        parts += [f"<li>{html.escape(text)}</li>" for text in entry["cautions"]]
        parts.append("</ul>")
    if entry.get("confidence") in CONFIDENCE:
        parts.append(f"<p><i>{CONFIDENCE[entry['confidence']]}</i></p>")
    parts.append("<h3>The law and guidance used</h3>" + sources_html(entry.get("sources", [])))
    return "".join(parts)


class WorkingDialog(QDialog):
    def __init__(self, entry: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("working_dialog")
        self.setWindowTitle("How was this worked out")
        text = QLabel(working_html(entry))
        text.setObjectName("working_text")
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        text.setAccessibleName(f"How the date for {entry.get('title') or entry['id']} was worked out")
        scroll = QScrollArea(self)
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        fit_to_screen(self, self.fontMetrics().horizontalAdvance("x") * 80, self.fontMetrics().height() * 28)
