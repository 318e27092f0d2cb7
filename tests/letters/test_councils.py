"""Council contact files: every shipped file is complete, and mistakes are refused by name."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sendadvisor.councils import (
    COUNCIL_ROLES,
    NATIONAL_ROLES,
    OPTIONAL_COUNCIL_ROLES,
    CouncilFileError,
    UnknownCouncil,
    available_councils,
    councils_dir,
    load_council,
)
from sendadvisor.domain.errors import InputError

SHIPPED = sorted(p.stem for p in councils_dir().glob("*.toml") if not p.name.startswith("_"))


def copy_councils(tmp_path: Path) -> Path:
    folder = tmp_path / "councils"
    shutil.copytree(councils_dir(), folder)
    return folder


def test_dorset_is_shipped_and_listed_by_name() -> None:
    assert "dorset" in SHIPPED
    assert ("dorset", "Dorset Council") in available_councils()
    assert all(not slug.startswith("_") for slug, _ in available_councils())


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_council_file_has_every_required_contact(slug: str) -> None:
    council = load_council(slug)
    for role in COUNCIL_ROLES + NATIONAL_ROLES:
        contact = council.contact(role)
        assert contact is not None, role
        assert contact.name.strip()
        assert contact.source.strip(), f"{slug} {role} must say where its details came from"
        assert isinstance(contact.last_checked, date)
        # A family must be able to reach it, or be told where to find it.
        assert contact.phone or contact.email or contact.web or contact.address or contact.find_it


def test_dorset_contacts_are_those_on_the_councils_page() -> None:
    council = load_council("dorset")
    sendiass = council.contact("sendiass")
    assert sendiass is not None
    assert "Dorset SENDIASS" in sendiass.name
    assert sendiass.email == "sendiass@dorsetcc.gov.uk"
    assert sendiass.phone == "07748 624609"
    assert sendiass.phone_label == "Mobile"
    mediation = council.contact("mediation")
    assert mediation is not None and mediation.name == "Global Mediation"
    assert mediation.phone == "0800 064 4488"
    # The page names one service for both; the letter prints it once.
    assert council.contact("disagreement_resolution") is mediation


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_shipped_detail_names_the_public_page_it_came_from(slug: str) -> None:
    # Never an invented number: a phone, email or web address is shipped only with the address
    # of the page that printed it, and every shipped council says where its Local Offer is.
    council = load_council(slug)
    for role in COUNCIL_ROLES + OPTIONAL_COUNCIL_ROLES:
        contact = council.contact(role)
        assert contact is not None, f"{slug}: {role}"
        if contact.phone or contact.email or contact.web or contact.address:
            assert "https://" in contact.source, f"{slug} {role}: which page printed this?"
        else:
            assert contact.find_it, f"{slug} {role}: say how a family can find it"


def test_the_neighbouring_councils_have_the_mediation_provider_their_pages_name() -> None:
    for slug in ("devon", "hampshire", "somerset"):
        mediation = load_council(slug).contact("mediation")
        assert mediation is not None and mediation.name == "Global Mediation", slug
        assert mediation.phone == "0800 064 4488", slug
    devon = load_council("devon")
    team = devon.contact("sen_team")
    assert team is not None and team.phone == "01392 380434"
    assert devon.contact("disagreement_resolution") is not devon.contact("mediation")
    hampshire = load_council("hampshire")
    sendiass = hampshire.contact("sendiass")
    assert sendiass is not None and sendiass.web == "https://www.hampshiresendiass.co.uk/"
    assert hampshire.contact("disagreement_resolution") is hampshire.contact("mediation")
    somerset_sendiass = load_council("somerset").contact("sendiass")
    assert somerset_sendiass is not None and somerset_sendiass.phone is None
    assert somerset_sendiass.find_it


def test_the_local_offer_is_optional_so_older_files_still_load(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    path = folder / "dorset.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[contacts.local_offer]")], encoding="utf-8")
    council = load_council("dorset", folder)
    assert council.contact("local_offer") is None
    assert council.contact("sendiass") is not None
    local_offer = load_council("dorset").contact("local_offer")
    assert local_offer is not None and "Local Offer" in local_offer.name
    assert local_offer.find_it and local_offer.phone is None


def test_national_contacts_are_the_checked_ones() -> None:
    council = load_council("dorset")
    tribunal = council.contact("send_tribunal")
    assert tribunal is not None
    assert tribunal.email == "send@justice.gov.uk"
    assert tribunal.phone == "01325 289350"
    assert tribunal.address[-1] == "DL1 1RU"
    lgsco = council.contact("lgsco")
    assert lgsco is not None
    assert lgsco.phone == "0300 061 0614"
    assert lgsco.address == ("PO Box 4771", "Coventry", "CV4 0EH")


def test_unknown_council_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownCouncil) as raised:
        load_council("wessex")
    assert isinstance(raised.value, InputError)
    assert str(raised.value).startswith("council: ")
    assert "dorset" in str(raised.value)


@pytest.mark.parametrize("slug", ["../etc/passwd", "Dorset Council", "", "_national"])
def test_a_slug_that_is_not_an_identifier_is_refused(slug: str) -> None:
    with pytest.raises(UnknownCouncil):
        load_council(slug)


def test_a_typo_in_a_key_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    path = folder / "dorset.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'phone_label = "Mobile"', 'phone_lable = "Mobile"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(CouncilFileError) as raised:
        load_council("dorset", folder)
    assert str(raised.value).startswith(
        "councils/dorset.toml: contacts.sendiass.phone_lable: unknown key"
    )


def test_a_missing_required_contact_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    path = folder / "dorset.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[contacts.complaints]")
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(CouncilFileError) as raised:
        load_council("dorset", folder)
    assert "councils/dorset.toml: contacts.complaints" in str(raised.value)
    assert "missing" in str(raised.value)


def test_a_contact_without_any_way_to_reach_it_is_refused(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    path = folder / "_national.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "find_it = \"Search online for 'Parliamentary and Health Service Ombudsman', "
        'or ask your SENDIASS adviser for their details."\n',
        "",
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CouncilFileError) as raised:
        load_council("dorset", folder)
    assert "councils/_national.toml: contacts.phso" in str(raised.value)


def test_a_contact_without_last_checked_is_refused(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    path = folder / "dorset.toml"
    text = path.read_text(encoding="utf-8")
    first = text.index("last_checked = 2026-11-28")
    path.write_text(
        text[:first] + text[first + len("last_checked = 2026-11-28") :], encoding="utf-8"
    )
    with pytest.raises(CouncilFileError, match=r"contacts\.sendiass\.last_checked: missing"):
        load_council("dorset", folder)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('phone = "07748 624609"', 'phone = "call us"', "contacts.sendiass.phone"),
        (
            'email = "sendiass@dorsetcc.gov.uk"',
            'email = "sendiass at dorset"',
            "contacts.sendiass.email",
        ),
        (
            'same_as = "mediation"',
            'same_as = "mediaton"',
            "contacts.disagreement_resolution.same_as",
        ),
    ],
)
def test_malformed_values_are_refused(tmp_path: Path, old: str, new: str, key: str) -> None:
    folder = copy_councils(tmp_path)
    path = folder / "dorset.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(CouncilFileError) as raised:
        load_council("dorset", folder)
    assert f"councils/dorset.toml: {key}" in str(raised.value)


def test_a_broken_toml_file_is_refused(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    (folder / "dorset.toml").write_text("name = \n", encoding="utf-8")
    with pytest.raises(CouncilFileError, match="councils/dorset.toml: is not valid TOML"):
        load_council("dorset", folder)


def test_missing_national_contacts_are_refused(tmp_path: Path) -> None:
    folder = copy_councils(tmp_path)
    (folder / "_national.toml").unlink()
    with pytest.raises(CouncilFileError, match="_national.toml"):
        load_council("dorset", folder)
