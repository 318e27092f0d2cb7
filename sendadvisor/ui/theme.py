"""Fonts, locale and look: the bundled Atkinson Hyperlegible so text never shows as boxes, en_GB dates."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from sendadvisor.resources import resource_path

FONT_FILES = (
    "AtkinsonHyperlegible-Regular.ttf",
    "AtkinsonHyperlegible-Bold.ttf",
    "AtkinsonHyperlegible-Italic.ttf",
    "AtkinsonHyperlegible-BoldItalic.ttf",
)
# 12 points: comfortable for advisers on small laptop screens and for a family looking on.
POINT_SIZE = 12

STYLE_SHEET = """
QPushButton { padding: 4px 10px; }
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus { border: 2px solid #0b5394; }
QPushButton:focus, QToolButton:focus { border: 2px solid #0b5394; border-radius: 3px; }
QCheckBox, QRadioButton, QLabel { border: 2px solid transparent; }
QCheckBox:focus, QRadioButton:focus, QLabel:focus { border: 2px solid #0b5394; }
QTableView:focus, QListView:focus, QTabBar::tab:focus, QTextBrowser:focus { border: 2px solid #0b5394; }
QGroupBox { font-weight: bold; margin-top: 1.2em; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; }
"""  # not for people


def load_fonts() -> str | None:
    """Register the bundled fonts; returns the family name, or None if none could be loaded."""
    family = None
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = families[0] if families else None
    return family


def apply(app: QApplication) -> None:
    """Set the locale, the bundled font and the style sheet for the whole app."""
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    family = load_fonts()
    font = QFont(family) if family else QFont()
    font.setPointSize(POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the size wanted, but never past the screen: a small laptop screen at 150%
    scaling has far fewer logical pixels than the text-based sizes ask for."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.95))
        height = min(height, int(available.height() * 0.9))
    widget.resize(width, height)
