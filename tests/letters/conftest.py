"""Fixtures for the letter tests: real cases through the real rules and the real renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from letters_support import load_case


@pytest.fixture
def letter_for() -> Callable[..., tuple[bytes, dict[str, Any]]]:
    """Build and render the letter for a case through the real rules; returns (pdf, assessment)."""
    from sendadvisor.councils import load_council
    from sendadvisor.domain.circumstances import parse_circumstances
    from sendadvisor.letters import build_letter_content, render_letter
    from sendadvisor.rules import assess

    def make(
        case: str | dict[str, Any],
        *,
        large_print: bool = False,
        adviser_name: str = "Jo Adviser",
        service_name: str = "Dorset SENDIASS",
        note: str | None = None,
    ) -> tuple[bytes, dict[str, Any]]:
        data = load_case(case) if isinstance(case, str) else case
        circumstances = parse_circumstances(data)
        assessment = assess(circumstances)
        content = build_letter_content(
            circumstances,
            assessment,
            council=load_council(circumstances.council or "dorset"),
            adviser_name=adviser_name,
            service_name=service_name,
            issued_on=circumstances.as_of,
            note=note,
        )
        return render_letter(content, large_print=large_print), assessment

    return make
