"""Helpers shared by the letter tests: case files, and the PDF's text via pypdf."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

CASES = Path(__file__).parent / "cases"


def load_case(name: str) -> dict[str, Any]:
    """A circumstances file from tests/letters/cases."""
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    """Extracted text with non-breaking spaces and line breaks as single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    """The normalised text of each page."""
    from pypdf import PdfReader

    return [normalise(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """The normalised text of the whole PDF."""
    return " ".join(pdf_pages(pdf))


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str) -> str:
    """ "Monday 4 January 2027" for 2027-01-04, written independently of the code under test."""
    day = date.fromisoformat(iso)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def all_deadlines(assessment: dict[str, Any]) -> list[dict[str, Any]]:
    """Every deadline and timeline entry of an assessment."""
    return [d for c in assessment["concerns"] for d in c["deadlines"]] + list(
        assessment["timeline"]
    )
