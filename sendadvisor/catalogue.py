"""The translators' catalogue: extract it, check it, compile it (a development tool, using Babel).

    python -m sendadvisor.catalogue extract   # rewrite resources/locale/sendadvisor.pot
    python -m sendadvisor.catalogue check     # the template is current; placeholders match
    python -m sendadvisor.catalogue compile   # each resources/locale/*/LC_MESSAGES/*.po -> .mo

The template holds every sentence marked in the code (`_`, `N_`, `ngettext`, see
`sendadvisor.i18n`) and every text string of the resource files (`i18n.TEXT_KEYS`). It is
written without line numbers and sorted, so it changes only when a sentence does.
"""

from __future__ import annotations

import io
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

from sendadvisor import i18n
from sendadvisor.resources import resources_dir

PACKAGE = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}(?!\})")
_PERCENT = re.compile(r"%\(([A-Za-z_]+)\)[sd]")


def template_path() -> Path:
    return resources_dir() / "locale" / f"{i18n.DOMAIN}.pot"


def code_messages() -> Iterable[tuple[str | tuple[str, ...], str]]:
    """(message, where) for each sentence marked in the package's Python."""
    from babel.messages.extract import extract_from_dir

    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        yield message, f"sendadvisor/{filename}"


def resource_messages() -> Iterable[tuple[str, str]]:
    """(text, where) for each text string of the shipped resource files."""
    root = resources_dir()
    for path in sorted(root.rglob("*.toml")):
        relative = path.relative_to(root).as_posix()
        kind = i18n.resource_kind(relative)
        if kind is None:
            continue
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        for text in i18n.texts_of(data, kind):
            yield text, f"resources/{relative}"


def extract():  # -> babel.messages.Catalog
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        project="sendadvisor",
        domain=i18n.DOMAIN,
        header_comment=(
            "# The sentences of sendadvisor, for translators.\n"
            "# Made by: python -m sendadvisor.catalogue extract (do not edit by hand).\n"
            "# A translation: copy to resources/locale/<language>/LC_MESSAGES/sendadvisor.po."
        ),
        copyright_holder="sendadvisor contributors",
        charset="utf-8",
        fuzzy=False,
    )
    for message, where in [*code_messages(), *resource_messages()]:
        if message:
            catalog.add(message, locations=[(where, None)], flags=_flags(message))
    return catalog


def _flags(message: str | tuple[str, ...]) -> tuple[str, ...]:
    text = message if isinstance(message, str) else message[0]
    return ("python-brace-format",) if _FIELD.search(text) else ()


def template_text(catalog=None) -> str:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(
        out,
        catalog if catalog is not None else extract(),
        width=100,
        omit_header=False,
        sort_output=True,
        include_lineno=False,
        include_previous=False,
    )
    text = out.getvalue().decode("utf-8")
    # Babel stamps the time of writing; a template that changes only with its sentences is
    # easier to review, so the stamp is dropped.
    return re.sub(r'"POT-Creation-Date: [^"]*\\n"\n', "", text)


def placeholders(text: str) -> set[str]:
    """The named placeholders of a sentence: {name} and %(name)s."""
    return set(_FIELD.findall(text)) | set(_PERCENT.findall(text))


def placeholder_problems(po_path: Path) -> list[str]:
    """Each translation whose placeholders differ from its English (a crash or a wrong word)."""
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        wanted = set().union(*(placeholders(text) for text in ids))
        for text in strings:
            if text and placeholders(text) != wanted:
                problems.append(
                    f"{po_path.name}: {ids[0]!r}: has {sorted(placeholders(text))}, "
                    f"needs {sorted(wanted)}"
                )
    return problems


def compile_po(po_path: Path, mo_path: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    with open(mo_path, "wb") as handle:
        write_mo(handle, catalog)


# --- the pseudo-locale (for tests: shows any sentence that does not come from the catalogue) ---

_PSEUDO = str.maketrans("aeiouyAEIOUYcnCN", "áéíóúýÁÉÍÓÚÝçñÇÑ")
_KEEP = re.compile(r"(\{[^{}]*\}|%\([A-Za-z_]+\)[sd]|\*\*|https?://\S+|\\n)")


def pseudo(text: str) -> str:
    """`text` with its letters accented and placeholders kept: "Send by {day}" ->
    "Séñd bý {day}". Every word with a vowel changes, so an English word left over shows."""
    parts = _KEEP.split(text)
    return "".join(
        part if index % 2 else part.translate(_PSEUDO) for index, part in enumerate(parts)
    )


def pseudo_po(catalog, po_path: Path) -> None:
    """Write a catalogue translating every message of `catalog` by `pseudo`."""
    from babel.messages.pofile import write_po

    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(pseudo(text) for text in message.id)
        else:
            message.string = pseudo(message.id)
    catalog.locale = "en_GB"
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=100)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        path = template_path()
        path.parent.mkdir(exist_ok=True)
        path.write_text(template_text(), encoding="utf-8")
        print(f"wrote {path}")
        return 0
    if command == "check":
        problems = []
        path = template_path()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != template_text():
            problems.append(f"{path} is out of date: run python -m sendadvisor.catalogue extract")
        for po in sorted(path.parent.glob("*/LC_MESSAGES/*.po")):
            problems += placeholder_problems(po)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if command == "compile":
        for po in sorted(template_path().parent.glob("*/LC_MESSAGES/*.po")):
            compile_po(po, po.with_suffix(".mo"))
            print(f"compiled {po}")
        return 0
    print("usage: python -m sendadvisor.catalogue extract|check|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
