"""The offline user guide in the app's own help window: `resources/help/guide.md`, with its list of
wizard questions made from `resources/ui/questions.toml` and its routes from the rule book, so
the guide never says something the wizard or the rules do not."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from sendadvisor.i18n import N_, _
from sendadvisor.resources import resource_path

PAGE_NAMES = {
    "family_page": N_("The family"),
    "plan_page": N_("The EHC plan"),
    "concern_page": N_("Each concern"),
    "timeline_page": N_("The council's process"),
}


def questions_markdown() -> str:
    """Each wizard question, page by page, with what it is for."""
    from sendadvisor.wizard.questions import load_wording

    wording = load_wording()
    parts: list[str] = []
    for page, questions in wording.questions.items():
        heading = _(PAGE_NAMES[page]) if page in PAGE_NAMES else page
        parts.append(f"### {heading}\n")
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
        self.setWindowTitle(_("sendadvisor user guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_text")
        self.browser.setAccessibleName(_("User guide"))
        self.browser.setOpenExternalLinks(False)
        # The guide's pictures (`images/…` in guide.md) are read from beside it, wherever the
        # resources are: a checkout, an installed wheel or the standalone bundle.
        self.browser.setSearchPaths([str(resource_path("help"))])
        self.browser.setMarkdown(guide_markdown())
        self.browser.viewport().installEventFilter(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.horizontalAdvance("x") * 90, metrics.height() * 40)
        self.browser.setFocus()

    def pictures(self) -> list[str]:
        """The guide's pictures, as named in the guide (e.g. `images/results.png`), in order."""
        return [name for name, _position in self._picture_places()]

    def picture(self, name: str) -> QImage | QPixmap | None:
        """The picture the guide shows for `name`, or None when it could not be loaded."""
        image = self.browser.document().resource(
            QTextDocument.ResourceType.ImageResource.value, QUrl(name)
        )
        return image if isinstance(image, (QImage, QPixmap)) and not image.isNull() else None

    def _picture_places(self) -> list[tuple[str, int]]:
        places = []
        block = self.browser.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isImageFormat():
                    name = fragment.charFormat().toImageFormat().name()
                    places.append((name, fragment.position()))
                fragments += 1
            block = block.next()
        return places

    def fit_pictures(self) -> None:
        """Each picture at its own size, or narrower to fit the window without scrolling sideways
        (its height follows)."""
        document = self.browser.document()
        # Pictures sit in a numbered list, indented by about four characters.
        room = int(
            self.browser.viewport().width()
            - 2 * document.documentMargin()
            - self.browser.fontMetrics().horizontalAdvance("0000")
            - document.indentWidth()
        )
        cursor = QTextCursor(document)
        for name, position in self._picture_places():
            image = self.picture(name)
            natural = image.width() if image is not None else room
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            picture = cursor.charFormat().toImageFormat()
            picture.setWidth(max(80, min(natural, room)))
            cursor.setCharFormat(picture)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # The text's own width is known only once the window is laid out, and changes with it.
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_pictures()
        return super().eventFilter(watched, event)

    def show_section(self, text: str) -> bool:
        """Scroll to the first place `text` appears (a section heading, say)."""
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        return self.browser.find(text)
