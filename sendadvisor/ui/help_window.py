"""The offline user guide in the app's own help window: `resources/help/guide.md`, with its list of
wizard questions made from `resources/ui/questions.toml` and its routes from the rule book, so
the guide never says something the wizard or the rules do not."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sendadvisor.resources import resource_path

PAGE_NAMES = {
    "family_page": "The family",
    "plan_page": "The EHC plan",
    "concern_page": "Each concern",
    "timeline_page": "The council's process",
}


def questions_markdown() -> str:
    """Each wizard question, page by page, with what it is for."""
    from sendadvisor.wizard.questions import load_wording

    wording = load_wording()
    parts: list[str] = []
    for page, questions in wording.questions.items():
        parts.append(f"### {PAGE_NAMES.get(page, page)}\n")
        for label, help_text in questions.values():
            parts.append(f"- **{label}.** {help_text}".rstrip())
        parts.append("")
    return "\n".join(parts)


def routes_markdown() -> str:
    """Each route's title and summary, as the results and the letter word them."""
    from sendadvisor.rules.rulebook import default_rulebook

    routes = sorted(default_rulebook().routes, key=lambda route: route.rank)
    return "\n".join(f"- **{route.title}.** {route.summary}" for route in routes)


def guide_markdown() -> str:
    """The whole guide as Markdown."""
    text = resource_path("help", "guide.md").read_text(encoding="utf-8")
    return text.replace("{{questions}}", questions_markdown()).replace(
        "{{routes}}", routes_markdown()
    )


class HelpWindow(QDialog):
    """The user guide in a browser that never leaves the app (links to the web open nothing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle("sendadvisor user guide")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_text")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_markdown())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("x") * 90, metrics.height() * 40)
        self.browser.setFocus()

    def show_section(self, text: str) -> bool:
        """Scroll to the first place `text` appears (a section heading, say)."""
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        return self.browser.find(text)
