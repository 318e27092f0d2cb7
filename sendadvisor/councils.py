"""Councils' contact details for the family letter, read from `resources/councils/<slug>.toml`.

An adviser's own contacts files (same format) live in the per-user settings folder under
`councils/` (set by the composition root with `use_user_dir`) and win over a shipped file of the
same council.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

from sendadvisor import i18n
from sendadvisor.domain.errors import InputError
from sendadvisor.i18n import N_, _
from sendadvisor.resources import resource_path

COUNCIL_SCHEMA = "sendadvisor.council/1"
NATIONAL_SCHEMA = "sendadvisor.national-contacts/1"
NATIONAL_FILE = "_national.toml"

# Every council file must say how to reach these; the letter points families to each of them.
COUNCIL_ROLES = ("sendiass", "sen_team", "mediation", "disagreement_resolution", "complaints")
# A council file may also say where its Local Offer is: the information on SEND services every
# council must publish (Children and Families Act 2014, section 30). Optional, so files made before
# it existed still load; no route sends a family to it, so the letter does not print it.
OPTIONAL_COUNCIL_ROLES = ("local_offer",)
# Every letter can print these, whatever the council.
NATIONAL_ROLES = ("send_tribunal", "lgsco")
OPTIONAL_NATIONAL_ROLES = ("phso",)

_CONTACT_KEYS = {
    "name",
    "phone",
    "phone_label",
    "email",
    "web",
    "address",
    "hours",
    "find_it",
    "source",
    "last_checked",
    "same_as",
}
# A contact a family cannot reach is useless: it needs at least one of these.
_REACH_KEYS = ("phone", "email", "web", "address", "find_it")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ]{5,20}[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CouncilFileError(InputError):
    """A council or national contacts file is missing, unreadable or wrong; names the file and key."""


class UnknownCouncil(InputError):
    """No contacts file for the council named in the circumstances or settings."""


@dataclass(frozen=True)
class Contact:
    """One organisation a family can contact, with where its details came from."""

    role: str
    name: str
    source: str
    last_checked: date
    phone: str | None = None
    phone_label: str = N_("Phone")
    email: str | None = None
    web: str | None = None
    address: tuple[str, ...] = ()
    hours: str | None = None
    find_it: str | None = None


@dataclass(frozen=True)
class Council:
    """A council's name and the contacts printed in its families' letters (local and national)."""

    slug: str
    name: str
    contacts: Mapping[str, Contact]

    def contact(self, role: str) -> Contact | None:
        """The contact for a role (e.g. `mediation`), or None when this council has none."""
        return self.contacts.get(role)


def councils_dir() -> Path:
    """The shipped folder of council files."""
    return resource_path("councils")


_user_dir: list[Path] = []


def use_user_dir(path: str | Path | None) -> None:
    """The adviser's own folder of contacts files (the composition root chooses it)."""
    _user_dir[:] = [] if path is None else [Path(path)]


def user_dir() -> Path | None:
    return _user_dir[0] if _user_dir else None


def _council_files(directory: Path | None) -> dict[str, Path]:
    """Each council's file by slug: the shipped ones, then the adviser's own, which win."""
    folders = [Path(directory)] if directory is not None else [councils_dir(), *_user_dir]
    files: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                if not path.name.startswith("_") and _SLUG.match(path.stem):
                    files[path.stem] = path
    return files


def available_councils(directory: Path | None = None) -> list[tuple[str, str]]:
    """(slug, name) of every council with a contacts file, sorted by name."""
    found = []
    for slug, path in _council_files(directory).items():
        data = _read_toml(path)
        name = data.get("name")
        found.append((slug, name if isinstance(name, str) and name else slug))
    return sorted(found, key=lambda item: item[1].casefold())


def council_file(slug: str, directory: Path | None = None) -> Path | None:
    """The file a council's contacts come from (the adviser's own when there is one)."""
    return _council_files(directory).get(slug)


def load_council(slug: str, directory: Path | None = None) -> Council:
    """Read one council's file and the national contacts; reject any unknown or missing key."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise UnknownCouncil(
            "council", _("{name} is not a council identifier").format(name=repr(slug))
        )
    path = council_file(slug, directory)
    if path is None:
        known = ", ".join(known_slug for known_slug, _name in available_councils(directory))
        raise UnknownCouncil(
            "council",
            _("no contacts file for {name} (known councils: {known})").format(
                name=repr(slug), known=known or _("none")
            ),
        )
    return read_council_file(
        path, national_folder=councils_dir() if directory is None else Path(directory)
    )


def read_council_file(path: Path, *, national_folder: Path | None = None) -> Council:
    """A council contacts file checked by the same strict rules as the shipped ones (and the
    national contacts beside the shipped files)."""
    path = Path(path)
    slug = path.stem
    if not _SLUG.match(slug):
        raise CouncilFileError(
            _display(path),
            _("the file name must be the council's identifier, such as dorset.toml"),
        )
    folder = councils_dir() if national_folder is None else national_folder
    data = _read_toml(path)
    _check_keys(path, "", data, {"schema", "name", "contacts"})
    if data.get("schema") != COUNCIL_SCHEMA:
        raise _error(path, "schema", _("must be {schema}").format(schema=repr(COUNCIL_SCHEMA)))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _error(path, "name", _("missing: the council's name as families know it"))
    contacts = _read_contacts(
        path, data, COUNCIL_ROLES, allowed=COUNCIL_ROLES + OPTIONAL_COUNCIL_ROLES
    )

    national_path = folder / NATIONAL_FILE
    if not national_path.is_file():
        raise CouncilFileError(
            _display(national_path), _("file missing: it holds the national contacts")
        )
    national = _read_toml(national_path)
    _check_keys(national_path, "", national, {"schema", "contacts"})
    if national.get("schema") != NATIONAL_SCHEMA:
        raise _error(
            national_path, "schema", _("must be {schema}").format(schema=repr(NATIONAL_SCHEMA))
        )
    contacts.update(
        _read_contacts(
            national_path,
            national,
            NATIONAL_ROLES,
            allowed=NATIONAL_ROLES + OPTIONAL_NATIONAL_ROLES,
        )
    )
    return Council(slug=slug, name=name.strip(), contacts=MappingProxyType(contacts))


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return i18n.translate_tree(tomllib.load(handle), "councils")
    except OSError as error:
        raise CouncilFileError(
            _display(path), _("cannot be read ({reason})").format(reason=error.strerror)
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise CouncilFileError(
            _display(path), _("is not valid TOML ({problem})").format(problem=error)
        ) from None


def _read_contacts(
    path: Path, data: dict, required: tuple[str, ...], *, allowed: tuple[str, ...]
) -> dict[str, Contact]:
    table = data.get("contacts")
    if not isinstance(table, dict):
        raise _error(path, "contacts", _("missing: the [contacts.<role>] tables"))
    _check_keys(path, "contacts", table, set(allowed))
    for role in required:
        if role not in table:
            raise _error(path, f"contacts.{role}", _("missing: every letter needs this contact"))
    contacts: dict[str, Contact] = {}
    aliases: dict[str, str] = {}
    for role, entry in table.items():
        where = f"contacts.{role}"
        if not isinstance(entry, dict):
            raise _error(path, where, _("must be a table of contact details"))
        _check_keys(path, where, entry, _CONTACT_KEYS)
        if "same_as" in entry:
            if set(entry) != {"same_as"}:
                raise _error(path, where, _("a contact with same_as takes no other details"))
            aliases[role] = entry["same_as"]
            continue
        contacts[role] = _read_contact(path, where, role, entry)
    for role, target in aliases.items():
        if target not in contacts:
            raise _error(
                path,
                f"contacts.{role}.same_as",
                _("{name} is not a contact in this file").format(name=repr(target)),
            )
        contacts[role] = contacts[target]
    return contacts


def _read_contact(path: Path, where: str, role: str, entry: dict) -> Contact:
    def text(key: str, *, required: bool = False) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                raise _error(path, f"{where}.{key}", _("missing"))
            return None
        if not isinstance(value, str) or not value.strip():
            raise _error(path, f"{where}.{key}", _("must be some text in quotes"))
        return " ".join(value.split())

    last_checked = entry.get("last_checked")
    if last_checked is None:
        raise _error(
            path, f"{where}.last_checked", _("missing: the day these details were checked")
        )
    if not isinstance(last_checked, date) or hasattr(last_checked, "hour"):
        raise _error(path, f"{where}.last_checked", _("must be a date written like 2026-11-28"))
    if not any(entry.get(key) for key in _REACH_KEYS):
        raise _error(
            path,
            where,
            _("needs a phone, email, web, address or find_it (where to find the details)"),
        )
    phone = text("phone")
    if phone is not None and not _PHONE.match(phone):
        raise _error(
            path,
            f"{where}.phone",
            _("{phone} does not look like a phone number").format(phone=repr(phone)),
        )
    email = text("email")
    if email is not None and not _EMAIL.match(email):
        raise _error(
            path,
            f"{where}.email",
            _("{email} does not look like an email address").format(email=repr(email)),
        )
    address = entry.get("address", [])
    if not isinstance(address, list) or not all(isinstance(x, str) and x.strip() for x in address):
        raise _error(path, f"{where}.address", _("must be a list of lines in quotes"))
    return Contact(
        role=role,
        name=text("name", required=True) or "",
        source=text("source", required=True) or "",
        last_checked=last_checked,
        phone=phone,
        phone_label=text("phone_label") or _("Phone"),
        email=email,
        web=text("web"),
        address=tuple(line.strip() for line in address),
        hours=text("hours"),
        find_it=text("find_it"),
    )


def _check_keys(path: Path, where: str, data: dict, allowed: set[str]) -> None:
    # A typo must stop the letter, not silently drop a contact (qutebrowser's configdata habit).
    for key in data:
        if key not in allowed:
            field = f"{where}.{key}" if where else key
            raise _error(
                path,
                field,
                _("unknown key (allowed: {keys})").format(keys=", ".join(sorted(allowed))),
            )


def _display(path: Path) -> str:
    return f"councils/{path.name}"


def _error(path: Path, key: str, message: str) -> CouncilFileError:
    return CouncilFileError(f"{_display(path)}: {key}", message)
