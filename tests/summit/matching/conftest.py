"""Fixtures of the matching tests: an event whose organizations answered the survey so
that the engine has something to recommend."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def make_partner(make_organization: Any, event: Any) -> Any:
    """``make_partner(org_id, name, **survey)``: an organization of `event` that answered."""

    def make(org_id: str, name: str, **fields: Any) -> Any:
        fields.setdefault("survey_status", "submitted")
        return make_organization(event, org_id, name=name, **fields)

    return make


@pytest.fixture
def partners(make_partner: Any, organization: Any) -> dict[str, Any]:
    """Acme (the participant's biotech: licenses out, seeks funding) and three others:
    an investor and a pharma that fit it, and a CDMO that fits it less."""
    return {
        "ACME": organization,
        "HANRIVER": make_partner(
            "HANRIVER",
            "Han River Ventures",
            org_type="investor",
            country="KR",
            therapeutic_areas=["oncology"],
            modalities=["mab"],
            offers=["funding"],
            seeks=["licensing_in", "co_development"],
            description_offer="series A and B funding for antibody programs",
        ),
        "GLOBALPH": make_partner(
            "GLOBALPH",
            "Global Pharma Inc",
            org_type="global_pharma",
            country="US",
            therapeutic_areas=["oncology"],
            modalities=["mab", "adc"],
            offers=["funding", "distribution"],
            seeks=["licensing_in"],
        ),
        "CDMOONE": make_partner(
            "CDMOONE",
            "Cell Works CDMO",
            org_type="cdmo",
            country="DE",
            therapeutic_areas=["cns"],
            modalities=["cell_therapy"],
            offers=["manufacturing_capacity"],
            seeks=["procurement_supply"],
        ),
    }


@pytest.fixture
def shadow_org(make_organization: Any, event: Any) -> Any:
    """An organization whose name resembles a watch-list test entry ("Shadow Gene")."""
    return make_organization(event, "SHADOW", name="Shadow Gene Co., Ltd.", country="CN")
