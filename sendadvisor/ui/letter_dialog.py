"""The family's letter: choose standard or large print, preview it, save the PDF, print it.

The PDF comes from `sendadvisor.letters` (the same code as `sendadvisor letter`). QtPdf is not
installed, so pages are previewed and printed as images made by poppler's `pdftoppm` when it is
there; otherwise the adviser can open the saved PDF in the system's own viewer.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sendadvisor import fsio
from sendadvisor.i18n import _, ngettext
from sendadvisor.ui import services
from sendadvisor.ui.style import HELP_STYLE
from sendadvisor.ui.theme import fit_to_screen

# Records that a letter was issued: called with the rendered letter, once per distinct PDF.
RecordCallback = Callable[[services.Letter], None]


# What a helper program (pdftoppm, the PDF viewer) may see of our environment: enough to find its
# files, talk to the desktop and speak the adviser's language; never a passphrase or anything else.
_HELPER_VARIABLES = (
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LANGUAGE",
    "TMPDIR",
    "TEMP",
    "TMP",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "DBUS_SESSION_BUS_ADDRESS",
    "DESKTOP_SESSION",
    "SYSTEMROOT",
    "WINDIR",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
)


def helper_environment() -> dict[str, str]:
    """A minimal environment for a program sendadvisor starts."""
    return {
        name: value
        for name, value in os.environ.items()
        if (name in _HELPER_VARIABLES or name.startswith(("LC_", "XDG_")))
        and not name.startswith("SENDADVISOR")
    }


# Private folders holding letters for the preview or the viewer; removed when done and at exit.
_live_folders: set[str] = set()


def _remove_live_folders() -> None:
    for folder in list(_live_folders):
        fsio.remove_folder(folder)
        _live_folders.discard(folder)


atexit.register(_remove_live_folders)


def pdf_page_images(pdf: bytes, dpi: int) -> list[QImage]:
    """Each page of the PDF as an image, via pdftoppm; empty when pdftoppm is not installed."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    folder = fsio.private_temp_folder()
    _live_folders.add(folder)
    try:
        source = Path(folder) / "letter.pdf"
        fsio.write_atomically(source, pdf)
        subprocess.run(
            [tool, "-r", str(dpi), "-png", str(source), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
            env=helper_environment(),
        )
        return [QImage(str(path)) for path in sorted(Path(folder).glob("page*.png"))]
    finally:
        fsio.remove_folder(folder)
        _live_folders.discard(folder)


def open_with_viewer(path: Path) -> bool:
    """Open a PDF in the desktop's viewer, started with a minimal environment where we start it."""
    opener = (
        shutil.which("xdg-open")
        if sys.platform.startswith(("linux", "freebsd", "openbsd"))
        else None
    )
    if (
        opener is None
    ):  # Windows and macOS: Qt asks the system (the passphrase is already out of the environment)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    try:
        subprocess.Popen(
            [opener, str(path)],
            env=helper_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def handwriting_message(circumstances: dict) -> str:
    """What the adviser must write by hand on the printed letter: the fields whose letters no
    bundled font has (the PDF leaves a gap with a line for each), named as the wizard asks
    them; empty when every name prints. Never in the letter itself."""
    from sendadvisor.letters import fonts
    from sendadvisor.wizard import flow

    needed = fonts.handwriting_needed(fonts.user_text_fields(circumstances))
    if not needed:
        return ""
    labels = {q.path: q.label for q in (*flow.FAMILY_QUESTIONS, *flow.CONCERN_QUESTIONS)}
    names: list[str] = []
    for field in needed:
        path = field.split("[", 1)[0]  # family.address[1] -> family.address
        if path.startswith("concerns"):
            number = int(field.split("[", 1)[1].split("]", 1)[0]) + 1
            name = _("“{label}” (concern {number})").format(
                label=labels.get(field.rsplit(".", 1)[1], field), number=number
            )
        elif path == "summary":
            name = _("“Summary”")
        else:
            name = _("“{label}”").format(label=labels.get(path, path))
        if name not in names:
            names.append(name)
    return ngettext(
        "Write by hand: the letter leaves a blank line for {fields}, because sendadvisor has no "
        "font for its letters. Write it in on the printed letter before it goes to the family.",
        "Write by hand: the letter leaves blank lines for {fields}, because sendadvisor has no "
        "font for their letters. Write them in on the printed letter before it goes to the "
        "family.",
        len(names),
    ).format(fields=", ".join(names))


# Pages are rendered at this resolution (a little larger than life, so zooming in stays sharp).
_PREVIEW_DPI = 110


class LetterDialog(QDialog):
    """Preview, save and print one case's letter; every letter that leaves the app is recorded."""

    def __init__(
        self,
        *,
        circumstances: dict,
        assessment: Mapping[str, Any],
        council_slug: str,
        adviser_name: str,
        service_name: str,
        issued_on: date,
        suggested_name: str,
        record: RecordCallback,
        folder: str = "",
        saved: Callable[[str, Path], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_dialog")
        self.setWindowTitle(_("Letter for the family"))
        self._build = lambda large: services.build_letter(
            circumstances,
            assessment,
            council_slug=council_slug,
            adviser_name=adviser_name,
            service_name=service_name,
            issued_on=issued_on,
            large_print=large,
        )
        self._build_copy = lambda what, large: services.build_copy(
            what,
            circumstances,
            assessment,
            council_slug=council_slug,
            adviser_name=adviser_name,
            service_name=service_name,
            issued_on=issued_on,
            large_print=large,
        )
        self.folder = folder  # file dialogs open here (Documents, then the last folder used)
        self._saved = saved  # told where each letter was saved, so "Letters issued" can open it
        self._record = record
        self._recorded: set[str] = set()
        self._suggested = suggested_name
        self.letter: services.Letter | None = None
        self.saved_path: Path | None = None
        self._temp_folder: str | None = None

        self.standard = QRadioButton(_("&Standard print"))
        self.standard.setObjectName("standard_print")
        self.standard.setAccessibleName(_("Standard print"))
        self.large = QRadioButton(_("&Large print"))
        self.large.setObjectName("large_print")
        self.large.setAccessibleName(_("Large print"))
        self.standard.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.standard)
        group.addButton(self.large)
        choice = QHBoxLayout()
        choice.addWidget(self.standard)
        choice.addWidget(self.large)
        choice.addStretch(1)
        # The preview fits the width of the window until the adviser zooms (Ctrl+plus, Ctrl+minus,
        # Ctrl+0 to fit again), so a page is never cut at the right edge on a small screen.
        self.zoom: float | None = None  # None: fit the width
        self._images: list[QImage] = []
        self._ratio = 1.0
        self.zoom_buttons: dict[str, QPushButton] = {}
        for name, text, keys, action in (
            (
                "zoom_out",
                _("Zoom &out"),
                QKeySequence.StandardKey.ZoomOut,
                lambda: self.zoom_by(1 / 1.25),
            ),
            ("zoom_in", _("&Zoom in"), QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(1.25)),
            ("fit_width", _("&Fit to width"), QKeySequence("Ctrl+0"), self.fit_width),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(text.replace("&", ""))
            button.setAutoDefault(False)  # Enter never zooms
            button.clicked.connect(action)
            QShortcut(keys, self, action)
            choice.addWidget(button)
            self.zoom_buttons[name] = button

        self.pages = QWidget()
        self.pages.setObjectName("letter_pages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.preview = QScrollArea()
        self.preview.setObjectName("letter_preview")
        self.preview.setAccessibleName(_("Preview of the letter"))
        self.preview.setWidget(self.pages)
        self.preview.setWidgetResizable(True)
        # Always there, so fitting the pages to the width never makes it appear and cut them.
        self.preview.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.status = QLabel()
        self.status.setObjectName("letter_status")
        self.status.setWordWrap(True)
        # A name no bundled font can draw: said in words above the preview (not by colour), and
        # as the accessible description of the preview and of Save, Print and Open.
        self.handwriting_note = handwriting_message(circumstances)
        self.handwriting = QLabel(self.handwriting_note)
        self.handwriting.setObjectName("letter_handwriting")
        self.handwriting.setWordWrap(True)
        self.handwriting.setTextFormat(Qt.TextFormat.PlainText)
        self.handwriting.setStyleSheet(f"{HELP_STYLE} border: 2px solid #404040; padding: 6px;")
        self.handwriting.setAccessibleName(self.handwriting_note)
        self.handwriting.setVisible(bool(self.handwriting_note))

        self.save_button = QPushButton(_("Save &PDF…"))
        self.save_button.setObjectName("save_pdf")
        self.print_button = QPushButton(_("P&rint…"))
        self.print_button.setObjectName("print_letter")
        self.open_button = QPushButton(_("&Open in PDF viewer"))
        self.open_button.setObjectName("open_pdf")
        close = QPushButton(_("&Close"))
        close.setObjectName("close_letter")
        self.copy_buttons: dict[str, QPushButton] = {}
        copies = QHBoxLayout()
        for what, text, suffix, kinds in services.EXTRA_COPIES:
            button = QPushButton(_(text))
            button.setObjectName(f"save_{what}")
            button.clicked.connect(
                lambda _checked=False, w=what, s=suffix, k=kinds: self.save_copy_as(w, s, k)
            )
            self.copy_buttons[what] = button
            copies.addWidget(button)
        copies.addStretch(1)
        for button in (
            self.save_button,
            self.print_button,
            self.open_button,
            close,
            *self.copy_buttons.values(),
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        if self.handwriting_note:
            for widget in (
                self.preview,
                self.save_button,
                self.print_button,
                self.open_button,
                self.copy_buttons.get("easy_read"),
            ):
                if widget is not None:
                    widget.setAccessibleDescription(self.handwriting_note)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.print_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addWidget(self.handwriting)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addLayout(copies)

        self.standard.toggled.connect(self.refresh)
        self.save_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_letter)
        self.open_button.clicked.connect(self.open_in_viewer)
        close.clicked.connect(self.accept)
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.horizontalAdvance("x") * 90, metrics.height() * 34)
        self.refresh()

    def refresh(self) -> None:
        """Render the letter in the chosen print size and show its pages."""
        from sendadvisor.domain.errors import InputError
        from sendadvisor.letters import UnprintableText

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.letter = self._build(self.large.isChecked())
            # Rendered for the screen's real pixel density, and a little larger than life so
            # zooming in stays sharp (a page is 72 points to the inch).
            ratio = self.devicePixelRatioF()
            images = pdf_page_images(self.letter.pdf, round(_PREVIEW_DPI * ratio))
        except (InputError, UnprintableText) as error:
            self.letter = None
            self.status.setText(
                _("Problem: the letter cannot be made: {error}").format(error=error)
            )
            for button in (self.save_button, self.print_button, self.open_button):
                button.setEnabled(False)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        for button in (self.save_button, self.print_button, self.open_button):
            button.setEnabled(True)
        self._images, self._ratio = images, ratio
        self._show_pages()
        size = _("large print") if self.letter.large_print else _("standard print")
        if images:
            self.status.setText(
                ngettext("{count} page, {size}.", "{count} pages, {size}.", len(images)).format(
                    count=len(images), size=size
                )
            )
        else:
            self.status.setText(
                _(
                    "A preview cannot be shown on this computer. Save the PDF or open it in your PDF viewer."
                )
            )

    def _page_scale(self) -> float:
        """How large a page is drawn, against its rendered size: the zoom, or what fits the width."""
        if not self._images:
            return 1.0
        if self.zoom is not None:
            return self.zoom
        margins = self.pages_layout.contentsMargins()
        # Less each page's one-pixel box and a pixel of rounding on each side.
        room = self.preview.viewport().width() - margins.left() - margins.right() - 6
        rendered = self._images[0].width() / self._ratio
        return max(room, 100) / rendered

    def _show_pages(self) -> None:
        """Show the rendered pages at the current zoom."""
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            assert item is not None  # count() says there is one
            widget = item.widget()
            if widget:
                widget.deleteLater()
        if self.letter is None:
            return
        size = _("large print") if self.letter.large_print else _("standard print")
        scale = self._page_scale()
        # Fitted pages never need a sideways scroll bar (a pixel of rounding would bring one).
        self.preview.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if self.zoom is None
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        for number, image in enumerate(self._images, start=1):
            page = QLabel()
            page.setObjectName(f"letter_page.{number}")
            pixmap = QPixmap.fromImage(image)
            if abs(scale - 1.0) > 0.01:
                pixmap = pixmap.scaledToWidth(
                    round(image.width() * scale), Qt.TransformationMode.SmoothTransformation
                )
            pixmap.setDevicePixelRatio(self._ratio)
            page.setPixmap(pixmap)
            page.setAccessibleName(
                _("Page {number} of {count} of the letter, {size}").format(
                    number=number, count=len(self._images), size=size
                )
            )
            page.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.addStretch(1)

    def zoom_by(self, factor: float) -> None:
        self.zoom = min(max(self._page_scale() * factor, 0.3), 4.0)
        self._show_pages()

    def fit_width(self) -> None:
        self.zoom = None
        self._show_pages()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        if self.zoom is None and self._images:
            self._show_pages()

    def _issued(self) -> None:
        """Record the letter in the case once, the first time it leaves the app."""
        if self.letter is not None and self.letter.sha256 not in self._recorded:
            self._record(self.letter)
            self._recorded.add(self.letter.sha256)

    def save_to(self, path: Path) -> None:
        assert self.letter is not None
        fsio.write_atomically(path, self.letter.pdf)
        self.saved_path = path
        self._issued()
        if self._saved is not None:
            self._saved(self.letter.sha256, path)
        self.status.setText(_("The letter was saved to {path}").format(path=path))
        self.status.setAccessibleName(self.status.text())

    def _ask_path(self, title: str, name: str, suffix: str, kinds: str) -> Path | None:
        """A save dialog opening in the Documents folder or the last folder used."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path(self.folder or ".") / name), kinds
        )
        if not chosen:
            return None
        path = Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)
        self.folder = str(path.parent)
        return path

    def save_copy_to(self, what: str, path: Path) -> None:
        """Write the easy-read letter, the calendar file or the Word copy to `path`."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            data = self._build_copy(what, self.large.isChecked())
        finally:
            QGuiApplication.restoreOverrideCursor()
        fsio.write_atomically(path, data)
        self.status.setText(_("Saved to {path}").format(path=path))
        self.status.setAccessibleName(self.status.text())

    def save_copy_as(self, what: str, suffix: str, kinds: str) -> None:
        stem = Path(self._suggested).stem
        names = {
            "easy_read": _("{stem} easy read").format(stem=stem),
            "calendar": _("{stem} dates").format(stem=stem),
        }
        path = self._ask_path(_("Save"), names.get(what, stem) + suffix, suffix, _(kinds))
        if path is None:
            return
        try:
            self.save_copy_to(what, path)
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Not saved"),
                _("It could not be written: {strerror}.").format(strerror=error.strerror),
            )

    def save_as(self) -> None:
        path = self._ask_path(_("Save the letter"), self._suggested, ".pdf", _("PDF files (*.pdf)"))
        if path is None:
            return
        try:
            self.save_to(path)
        except OSError as error:
            QMessageBox.warning(
                self,
                _("The letter was not saved"),
                _("It could not be written: {strerror}.").format(strerror=error.strerror),
            )

    def _temporary_pdf(self) -> Path:
        """The letter in this dialog's private temporary folder, under a name with no personal data."""
        assert self.letter is not None
        if self._temp_folder is None:
            self._temp_folder = fsio.private_temp_folder()
            _live_folders.add(self._temp_folder)
        path = Path(self._temp_folder) / "letter.pdf"
        fsio.write_atomically(path, self.letter.pdf)
        return path

    def remove_temporary_files(self) -> None:
        """Delete the copy made for the viewer (when the dialog closes; at exit at the latest)."""
        if self._temp_folder is not None:
            fsio.remove_folder(self._temp_folder)
            _live_folders.discard(self._temp_folder)
            self._temp_folder = None

    def done(self, result: int) -> None:  # every way of closing the dialog ends here
        self.remove_temporary_files()
        super().done(result)

    def open_in_viewer(self) -> None:
        path = self.saved_path or self._temporary_pdf()
        if open_with_viewer(path):
            self._issued()
        else:
            QMessageBox.information(
                self,
                _("No PDF viewer"),
                _("No PDF viewer could be opened. Use Save PDF to keep the letter."),
            )

    def print_letter(self) -> None:
        """Print through the system's print dialog, one page image (300 dpi) per sheet."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        assert self.letter is not None
        # The print dialog comes first (at once), with a busy cursor while the pages are drawn.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            has_tool = shutil.which("pdftoppm") is not None
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not has_tool:
            QMessageBox.information(
                self,
                _("Print from the PDF viewer"),
                _(
                    "This computer cannot print the letter directly. It will open in your PDF viewer; print from there."
                ),
            )
            self.open_in_viewer()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.status.setText(_("Opening the print dialog…"))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        self.print_dialog = dialog
        QGuiApplication.restoreOverrideCursor()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.status.setText("")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.status.setText(_("Printing…"))
            images = pdf_page_images(self.letter.pdf, 300)
            self.paint_pages(printer, images)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._issued()
        self.status.setText(_("Sent to the printer."))

    @staticmethod
    def paint_pages(printer, images: list[QImage]) -> None:
        painter = QPainter(printer)
        try:
            for number, image in enumerate(images):
                if number:
                    printer.newPage()
                page = QRectF(printer.pageRect(printer.Unit.DevicePixel))
                scale = min(page.width() / image.width(), page.height() / image.height())
                target = QRectF(0, 0, image.width() * scale, image.height() * scale)
                painter.drawImage(target, image)
        finally:
            painter.end()
