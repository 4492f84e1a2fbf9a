"""Fixtures of the web platform's tests shared by several apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def api_auth(organizer: Any, participant: Any) -> Callable[[str], dict[str, str]]:
    """``api_auth("organizer")`` / ``api_auth("participant")``: the headers of a token with
    every scope, for the test client."""
    from summit.api.domain.tokens import create_api_token

    tokens = {
        "organizer": create_api_token(user=organizer, name="t")[1],
        "participant": create_api_token(user=participant, name="t")[1],
    }
    return lambda role: {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}
