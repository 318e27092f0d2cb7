"""Run by test_atspi.py inside `dbus-run-session`: starts the AT-SPI bus, runs the app under Xvfb
(Qt's AT-SPI bridge needs a real platform, not offscreen) with its first wizard page open, and
walks the app's accessibility tree from another process (the system python with Atspi, as Orca
reads it). Prints the wizard's nodes as JSON lines: [role, name, showing, labelled_by], the last
being the names of the nodes that label it (how Orca finds a combo box's question: on Linux, Qt
gives a combo box its current choice as its name)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

APP = """
import sys
from datetime import date
from pathlib import Path
from PySide6.QtWidgets import QApplication
from sendadvisor.settings import Settings
from sendadvisor.storage import CaseFile
from sendadvisor.ui import theme
from sendadvisor.ui.main_window import MainWindow
from sendadvisor.ui.session import Session
app = QApplication(["sendadvisor"])
theme.apply(app)
path = Path(sys.argv[1]) / "cases.sendadvisor"
case_file = CaseFile.open(path, "atspi test passphrase 42", create=True, user="Jo Adviser")
settings = Settings(adviser_name="Jo Adviser", idle_lock_minutes=0)
window = MainWindow(Session(path, case_file), settings, None, lambda: date(2026, 11, 28))
window.show()
window.new_case()
print("ready", flush=True)
app.exec()
"""

WALK = """
import json, sys, time
import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi
app = None
deadline = time.time() + 30
while app is None and time.time() < deadline:
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        child = desktop.get_child_at_index(i)
        if child is not None and child.get_name() == "sendadvisor":
            app = child
    time.sleep(0.2)
if app is None:
    sys.exit("the app never appeared on the AT-SPI bus")
def walk(node, inside):
    role, name = node.get_role_name(), node.get_name() or ""
    inside = inside or (role == "dialog" and name.startswith("New case"))
    if inside:
        showing = node.get_state_set().contains(Atspi.StateType.SHOWING)
        labels = []
        for relation in node.get_relation_set() or []:
            if relation.get_relation_type() == Atspi.RelationType.LABELLED_BY:
                for t in range(relation.get_n_targets()):
                    labels.append(relation.get_target(t).get_name() or "")
        print(json.dumps([role, name, showing, labels]))
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, inside)
walk(app, False)
"""


def main() -> int:
    scratch = tempfile.mkdtemp()
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=[write],
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    display = os.read(read, 16).decode().strip()
    bus = subprocess.Popen(
        ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = dict(
        os.environ,
        DISPLAY=f":{display}",
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        QT_ACCESSIBILITY="1",
        HOME=scratch,
        XDG_CONFIG_HOME=scratch,
        XDG_DATA_HOME=scratch,
        PYTHONPATH=str(ROOT),
    )
    app = subprocess.Popen(
        [sys.executable, "-c", APP, scratch], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert app.stdout is not None
        if app.stdout.readline().strip() != "ready":
            print("the app did not start", file=sys.stderr)
            return 1
        time.sleep(0.5)
        walked = subprocess.run(
            ["/usr/bin/python3", "-c", WALK], env=env, capture_output=True, text=True, timeout=120
        )
        sys.stdout.write(walked.stdout)
        sys.stderr.write(walked.stderr)
        return walked.returncode
    finally:
        for process in (app, bus, xvfb):
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
