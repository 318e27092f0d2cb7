"""Finds English sentences written in the package's Python but not taken from the catalogue.

A literal is people-facing when it reads as words ("Save the case", "is not a real date"), or is
any text given to a Qt call that shows text (`setText("Close")`). It is fine inside `_()`,
`N_()` or `ngettext()`, as a docstring, in SQL, a regular expression, a log line or a
programmer's exception (ValueError and friends), or on a line marked `# not for people`.

    python tests/catalogue_scan.py [paths...]   # lists what is left, file by file
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sendadvisor"
MARK = "# not for people"
# Tools for whoever builds sendadvisor, not for advisers or families: English only.
BUILD_TOOLS = {"catalogue.py", "bundle.py"}

CATALOGUE_CALLS = {"_", "N_", "ngettext"}
# Calls whose text arguments are never shown to an adviser or a family.
NOT_SHOWN = {
    "setObjectName",
    "setStyleSheet",
    "setProperty",
    "property",
    "compile",
    "sub",
    "match",
    "search",
    "fullmatch",
    "findall",
    "finditer",
    "execute",
    "executemany",
    "executescript",
    "query",
    "getLogger",
    "ValueError",
    "TypeError",
    "RuntimeError",
    "AssertionError",
    "KeyError",
    "NotImplementedError",
    "LookupError",
    "AttributeError",
    "IndexError",
    "SystemExit",
    "startswith",
    "endswith",
    "strftime",
    "strptime",
    "environ",
    "getenv",
    "QByteArray",
    "Signal",
    "Slot",
    "Property",
    "warn",  # warnings.warn: for developers
}
LOGGERS = {"logging", "log", "logger", "LOG", "_log", "_logger"}
# Qt calls that put any text they are given on screen.
SHOWS_TEXT = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setAccessibleName",
    "setAccessibleDescription",
    "setPlaceholderText",
    "setTitle",
    "setSubTitle",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setButtonText",
    "setInformativeText",
    "setDetailedText",
    "setLabelText",
    "setSpecialValueText",
    "setPrefix",
    "setSuffix",
    "showMessage",
    "addTab",
    "addAction",
    "addButton",
    "addItem",
    "addItems",
    "addMenu",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QToolButton",
    "information",
    "warning",
    "critical",
    "question",
}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN|ALTER|DROP|WITH)\b")
WORDS = re.compile(r"[A-Za-z][A-Za-z']*[ ,;:]+[a-z][a-z']+")
LABEL = re.compile(r"^\s*[A-Z][a-z]+:\s*$|^\s*\(\s*[A-Za-z][a-z]+(?: [a-z]+)*\s*\)\s*$")
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([A-Za-z_]+\)[sd]|%[sd]")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _owner(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return ""


def _text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{x}" for part in node.values
        )
    return None


def _reads_as_words(text: str) -> bool:
    plain = PLACEHOLDER.sub(" ", text)
    if SQL.match(plain):
        return False
    if TAG.search(plain):
        # Rich text: any word outside the tags is shown ("<h2>Dates</h2>").
        return bool(re.search(r"[A-Za-z]{2,}", TAG.sub(" ", plain).replace("&nbsp;", " ")))
    # Two words or more, or one word as a label ("Sources: ", " (passed)").
    return bool(WORDS.search(plain) or LABEL.match(plain))


def offenders(path: Path) -> list[tuple[int, str]]:
    """(line, text) for each people-facing literal of one file not taken from the catalogue."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip: set[int] = set()
    shown: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Assert) and node.msg is not None:
            skip.update(id(inner) for inner in ast.walk(node.msg))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(part) for part in node.values)  # judged as one string
        if isinstance(node, ast.Call):
            name = _name(node.func)
            arguments = [*node.args, *(k.value for k in node.keywords)]
            if name in CATALOGUE_CALLS or name in NOT_SHOWN or _owner(node.func) in LOGGERS:
                for argument in arguments:
                    skip.update(id(inner) for inner in ast.walk(argument))
            elif name in SHOWS_TEXT:
                shown.update(id(argument) for argument in arguments)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.Constant | ast.JoinedStr):
            continue
        text = _text(node)
        if text is None or not text.strip():
            continue
        people = _reads_as_words(text) or (id(node) in shown and re.search("[A-Za-z]", text))
        if not people:
            continue
        first, last = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno
        if any(MARK in lines[n - 1] for n in range(first, last + 1)):
            continue
        found.append((first, text))
    return sorted(found)


def scan(paths: list[Path] | None = None) -> dict[str, list[tuple[int, str]]]:
    files = sorted(PACKAGE.rglob("*.py")) if not paths else paths
    result = {}
    for path in files:
        if path.name in BUILD_TOOLS and path.parent == PACKAGE:
            continue
        left = offenders(path)
        if left:
            result[str(path.relative_to(PACKAGE.parent))] = left
    return result


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]]
    files = [f for t in targets for f in (sorted(t.rglob("*.py")) if t.is_dir() else [t])]
    total = 0
    for where, items in scan(files or None).items():
        for line, text in items:
            print(f"{where}:{line}: {text[:90]!r}")
            total += 1
    print(f"{total} left")
