"""Run by test_atspi.py inside `dbus-run-session`: starts the AT-SPI bus, runs the app under Xvfb
(Qt's AT-SPI bridge needs a real platform, not offscreen) and reads the app from another process,
the system python with Atspi, as Orca reads it. One start of the app serves every check.

The app takes a few commands on its stdin (open a wizard on a scenario, Next, Finish, open the
saved case); everything an adviser would do with the keyboard (Tab, typing a date, Enter) is
real key presses synthesised through AT-SPI (XTest underneath), and everything checked is read
back through AT-SPI. The reader prints JSON lines (see `WALK`):

- `[role, name, showing, labelled_by]`: the first wizard page's nodes (labelled_by is the names
  of the nodes that label it: how Orca finds a combo box's question, since on Linux Qt gives a
  combo box its current choice as its name);
- `{"check": "error", ...}`: the focused node after an impossible date and Enter;
- `{"check": "tabs", ...}`: one wizard page: its title, the Tab stops in the order Tab reaches
  them and in the order they sit on screen;
- `{"check": "texts", ...}`: every name, description and text of the results view (after Finish
  and again in the saved case's Options and dates tab)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

APP = """
import json, sys, threading
from datetime import date
from pathlib import Path
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWizard
from sendadvisor.settings import Settings
from sendadvisor.storage import CaseFile
from sendadvisor.ui import theme
from sendadvisor.ui.main_window import MainWindow
from sendadvisor.ui.session import Session
from sendadvisor.wizard import flow
app = QApplication(["sendadvisor"])
theme.apply(app)
path = Path(sys.argv[1]) / "cases.sendadvisor"
case_file = CaseFile.open(path, "atspi test passphrase 42", create=True, user="Jo Adviser")
settings = Settings(adviser_name="Jo Adviser", idle_lock_minutes=0)
window = MainWindow(Session(path, case_file), settings, None, lambda: date(2026, 11, 28))
window.show()

def reply(*words):
    print(*words, flush=True)

def page_name():
    return getattr(window.wizard.currentPage(), "page_name", "")

def run(line):
    command, _space, argument = line.strip().partition(" ")
    wizard = window.wizard
    if command == "new":
        window.new_case().activateWindow()
        reply("ok", page_name())
    elif command == "scenario":  # a wizard holding a scenario's answers, on its first page
        if wizard is not None:
            wizard.reject()
        circumstances = json.loads(Path(argument).read_text())
        circumstances = circumstances.get("circumstances", circumstances)
        answers, count = flow.circumstances_to_answers(circumstances)
        window._open_wizard("scenario", {"answers": answers, "concern_count": count})
        window.wizard.activateWindow()
        reply("ok", page_name())
    elif command == "next":
        wizard.next()
        reply("ok", page_name())
    elif command == "finish":
        while wizard.nextId() != -1:
            wizard.next()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        reply("ok", window.case_view.case_id)
    elif command == "open":  # back to the list, then the saved case
        window.show_list()
        window.show_case(argument)
        window.activateWindow()
        reply("ok", window.case_view.case_id)
    else:
        reply("unknown", command)

class Commands(QObject):
    line = Signal(str)

commands = Commands()
commands.line.connect(run)
threading.Thread(target=lambda: [commands.line.emit(l) for l in sys.stdin], daemon=True).start()
window.new_case()
reply("ready")
app.exec()
"""

WALK = r"""
import json, os, sys, time
import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib

to_app = os.fdopen(int(sys.argv[1]), "w")
from_app = os.fdopen(int(sys.argv[2]))
scenario, bad_date = sys.argv[3], sys.argv[4]
S = Atspi.StateType
TAB, RETURN, END, BACKSPACE = 0xFF09, 0xFF0D, 0xFF57, 0xFF08
INPUTS = {"text", "combo box", "check box", "push button", "spin button", "radio button"}

def say(**record):
    print(json.dumps(record), flush=True)

def command(text):
    to_app.write(text + "\n")
    to_app.flush()
    words = from_app.readline().split()
    if not words or words[0] != "ok":
        sys.exit(f"the app did not do {text!r}: {words}")
    settle(0.3)
    return words[1] if len(words) > 1 else ""

focused, last_focus = [], []
def on_focus(event):
    if event.detail1:
        focused.append(event.source)
        last_focus[:] = [event.source]
listener = Atspi.EventListener.new(on_focus)
listener.register("object:state-changed:focused")

def settle(seconds):
    context = GLib.MainContext.default()
    end = time.time() + seconds
    while time.time() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.01)

def press(keysym, wait=2.0):
    # Press and release a key; the node that took the focus, if any did within `wait`.
    focused.clear()
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    context = GLib.MainContext.default()
    end = time.time() + wait
    while time.time() < end and not focused:
        context.iteration(False) if context.pending() else time.sleep(0.005)
    settle(0.05)
    return focused[-1] if focused else None

def type_text(text):
    Atspi.generate_keyboard_event(0, text, Atspi.KeySynthType.STRING)
    settle(0.2)

def states(node):
    return node.get_state_set()

def text_of(node):
    if "Text" not in (node.get_interfaces() or []):  # Qt gives a QLabel none, only a name
        return ""
    return Atspi.Text.get_text(node, 0, -1) or ""

def nodes(node, found=None):
    found = [] if found is None else found
    found.append(node)
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            nodes(child, found)
    return found

def extents(node):
    box = node.get_extents(Atspi.CoordType.SCREEN)
    return [box.x, box.y, box.width, box.height]

def describe(node):
    return {"role": node.get_role_name(), "name": node.get_name() or "",
            "description": node.get_description() or "", "box": extents(node)}

def find_app():
    deadline = time.time() + 30
    while time.time() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            child = desktop.get_child_at_index(i)
            if child is not None and child.get_name() == "sendadvisor":
                return child
        time.sleep(0.2)
    sys.exit("the app never appeared on the AT-SPI bus")

app = find_app()

def window(role, starts=""):
    for i in range(app.get_child_count()):
        child = app.get_child_at_index(i)
        if child is not None and child.get_role_name() == role \
                and (child.get_name() or "").startswith(starts) \
                and states(child).contains(S.SHOWING):
            return child
    sys.exit(f"no {role} {starts!r} showing: "
             + repr([(c.get_role_name(), c.get_name()) for c in
                     (app.get_child_at_index(i) for i in range(app.get_child_count())) if c]))

def wizard():
    return window("dialog")

# 1. The first page of a new case: every node, as before.
for node in nodes(wizard()):
    labels = []
    for relation in node.get_relation_set() or []:
        if relation.get_relation_type() == Atspi.RelationType.LABELLED_BY:
            for t in range(relation.get_n_targets()):
                labels.append(relation.get_target(t).get_name() or "")
    print(json.dumps([node.get_role_name(), node.get_name() or "",
                      states(node).contains(S.SHOWING), labels]))

# 2. Errors: each must reach the focused field's description (Qt's Linux bridge drops Alert).
def focused_now(top):
    # The node of the last focus event (as Orca follows it), if it still has the focus.
    if last_focus and states(last_focus[-1]).contains(S.FOCUSED):
        return last_focus[-1]
    return next((n for n in nodes(top) if states(n).contains(S.FOCUSED)
                 and states(n).contains(S.SHOWING)), None)

def retype(text):
    press(END, 0)
    for _ in range(16):
        press(BACKSPACE, 0)
    type_text(text)

def after_enter(what):
    press(RETURN)
    settle(0.3)
    node = focused_now(wizard())
    say(check="error", what=what, node=describe(node) if node else None)

retype(bad_date)  # the first page starts on the date of the advice
after_enter("impossible date")
retype("27/11/2026")
press(RETURN)  # on to the EHC plan
press(RETURN)  # on to the concern, where nothing is chosen yet
after_enter("no concern chosen")

# 3. Each page of a scenario: Tab all the way round. Where each stop sits is read before the
# first Tab (the page's scroll area is then at the top; tabbing scrolls it, which would move
# the stops' places on the screen while they are read).
def key(node):
    return (node.get_role_name(), node.get_name() or "", node.get_description() or "")

def stop(node, places):
    record = describe(node)
    record["place"] = places.get(key(node), record["box"])
    # The wizard's own buttons (Back, Next, Leave) sit straight in the wizard, in the row below
    # the page; everything else is deeper, inside the page and its scroll area.
    depth, parent = 0, node.get_parent()
    while parent is not None and parent.get_role_name() != "dialog":
        depth, parent = depth + 1, parent.get_parent()
    record["buttons_row"] = depth <= 1
    return record

page = command("scenario " + scenario)
seen_pages = []
while page and page not in seen_pages:
    seen_pages.append(page)
    top = wizard()
    showing = [n for n in nodes(top)
               if states(n).contains(S.SHOWING) and states(n).contains(S.FOCUSABLE)]
    inputs = [n.get_role_name() + ": " + (n.get_name() or "") for n in showing
              if n.get_role_name() in INPUTS]
    places = {}
    for n in showing:
        places.setdefault(key(n), extents(n))
    start = focused_now(top)
    order = [stop(start, places)] if start else []
    seen = {key(start)} if start else set()
    for _ in range(80):
        node = press(TAB)
        if node is None or key(node) in seen:  # round again (or lost)
            order.append({"back_to": describe(node) if node else None})
            break
        seen.add(key(node))
        order.append(stop(node, places))
    say(check="tabs", page=page, dialog=describe(top), tab=order, inputs=inputs)
    if page == "check":
        break
    page = command("next")

# 4. The results after Finish, then the saved case opened again: every word reachable.
def texts(top):
    found = []
    for n in nodes(top):
        if not states(n).contains(S.SHOWING):
            continue
        found.append({"role": n.get_role_name(), "name": n.get_name() or "",
                      "description": n.get_description() or "", "text": text_of(n)})
    return found

case_id = command("finish")
say(check="texts", where="finish", nodes=texts(window("frame")))
command("open " + case_id)
say(check="texts", where="saved", nodes=texts(window("frame")))
"""


def main() -> int:
    scratch = tempfile.mkdtemp()
    scenario, bad_date = sys.argv[1], sys.argv[2]
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=[write],
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    display = os.read(read, 16).decode().strip()
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
    # With DISPLAY, so the registry daemon it starts can synthesise keys (XTest).
    bus = subprocess.Popen(
        ["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = subprocess.Popen(
        [sys.executable, "-c", APP, scratch],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdin is not None and app.stdout is not None
        if app.stdout.readline().strip() != "ready":
            print("the app did not start", file=sys.stderr)
            return 1
        to_app, from_app = app.stdin.fileno(), app.stdout.fileno()
        walked = subprocess.run(
            ["/usr/bin/python3", "-c", WALK, str(to_app), str(from_app), scenario, bad_date],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            pass_fds=[to_app, from_app],
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
