"""Factories for the matching tests: survey rows written by hand, with defaults that match
nothing so each test states exactly the overlap it is about."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partnering_engine.matching.survey import SurveyRow


def build_row(org_id: str, **fields: Any) -> SurveyRow:
    """A survey row; multi-valued fields may be given as tuples or lists of codes."""
    defaults: dict[str, Any] = {
        "organization": f"Org {org_id}",
        "org_type": "biotech",
        "country": "KR",
    }
    defaults.update(fields)
    for key, value in defaults.items():
        if isinstance(value, list):
            defaults[key] = tuple(value)
    return SurveyRow(org_id=org_id, **defaults)


@pytest.fixture(scope="session")
def make_row() -> Callable[..., SurveyRow]:
    return build_row
