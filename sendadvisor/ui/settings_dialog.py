"""Settings: the adviser's name, the service, the usual council and the idle auto-lock time."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from sendadvisor.settings import Settings
from sendadvisor.ui import fields


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, councils: tuple[tuple[str, str], ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle("Settings")
        self.adviser = fields.make_line("adviser_name", "Your name, as it appears on letters", self)
        self.adviser.setText(settings.adviser_name)
        self.service = fields.make_line("service_name", "Your service's name", self)
        self.service.setText(settings.service_name)
        self.council = fields.make_combo("council", "Usual council", councils or (("dorset", "Dorset"),), self)
        fields.set_combo_data(self.council, settings.council)
        self.idle = QSpinBox(self)
        self.idle.setObjectName("idle_lock_minutes")
        self.idle.setAccessibleName("Lock after this many idle minutes (0 means never)")
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" minutes")
        self.idle.setSpecialValueText("Never")
        self.idle.setValue(settings.idle_lock_minutes)
        form = QFormLayout()
        for text, widget in (("Your &name:", self.adviser), ("&Service:", self.service),
                             ("Usual &council:", self.council), ("&Lock when idle for:", self.idle)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 55)

    def settings(self) -> Settings:
        return Settings(
            adviser_name=self.adviser.text().strip(),
            service_name=self.service.text().strip(),
            council=self.council.currentData() or "dorset",
            idle_lock_minutes=self.idle.value(),
        )
