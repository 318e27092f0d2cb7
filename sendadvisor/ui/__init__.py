"""The desktop app (PySide6); `flow` and `passphrase` are plain Python and import nothing from Qt."""
