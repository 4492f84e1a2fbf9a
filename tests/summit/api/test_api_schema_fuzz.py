"""Schemathesis against the API's whole OpenAPI document (issue 14): generated valid and
invalid requests to every operation, as a participant and as an organizer, in-process
through the WSGI application. Every answer must be in the document (status, content type,
body schema), no answer may be a server error, and invalid input must be refused.

Bounded by `EXAMPLES` per operation, role and mode (a few minutes on a loaded 2-core
machine); prints its counts. Generic: operations added to the API are fuzzed as they come.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from summit.api.domain.tokens import create_api_token

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 10
#: Every check but `positive_data_acceptance`: schema-valid values may still be refused (422)
#: by the domain's own rules, as docs/api.md documents (vocabulary codes and labels in two
#: languages, IANA time zones, a deadline before the event), which no JSON schema expresses.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]


@pytest.fixture
def api_schema(settings_override: None) -> Iterator[Any]:
    from summit.wsgi import application

    # Requests through the WSGI application close the database connection when they end
    # (Django's test client turns that off); on PostgreSQL that would close the test's own
    # transaction, so keep the connection open while the fuzzer sends requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def settings_override(settings: Any) -> None:
    # Failed token attempts would lock the test's address out (429) halfway through; the
    # authentication guard has its own tests.
    settings.AXES_ENABLED = False
    settings.ALLOWED_HOSTS = ["*"]


#: Path parameters any string is valid for (the rest have bounds or choices).
FREE_TEXT_PATH = frozenset({"slug", "org_id"})


def _known_values(event: Any, organization: Any) -> dict[str, Any]:
    return {"slug": event.slug, "org_id": organization.org_id}


def _program(
    event: Any,
    participant: Any,
    organizer: Any,
    make_organization: Any,
    make_membership: Any,
    make_scheduled_meeting: Any,
) -> dict[str, Any]:
    """A meeting of the participant's organization with feedback from both sides, a pending
    request, a public and a confidential deal: the schedule, attendance, feedback and deal
    operations then run their own logic, not only their 404. Returns their path values."""
    from summit.meetings.domain.requests import create_request
    from summit.outcomes.domain.deals import DealData, record_deal
    from summit.outcomes.domain.feedback import save_feedback

    me = participant.memberships.get()
    partner = make_membership(make_organization(event, "PARTNER"))
    meeting = make_scheduled_meeting(event, first=me, second=partner)
    for side in (me, partner):
        save_feedback(meeting=meeting, membership=side, took_place=True, follow_up_interest="some")
    third = make_membership(make_organization(event))
    pending = create_request(sender=third, receiver_organization=me.organization)
    deals = [
        record_deal(
            event=event,
            user=organizer,
            data=DealData(
                title=f"Deal {number}",
                kind="mou",
                stage="discussing",
                date=date(2026, 11, 1),
                organizations=[me.organization, partner.organization],
                confidential=confidential,
            ),
        )
        for number, confidential in enumerate((False, True))
    ]
    return {
        "meeting_id": meeting.pk,
        "request_id": pending.pk,
        "deal_id": deals[1].pk,
        "system": "hubspot",
        "table": "deals",
    }


def _fuzz(
    operation: Any,
    mode: GenerationMode,
    role: str,
    headers: dict[str, str],
    known: dict[str, Any],
    statuses: Counter[int],
    failures: list[str],
) -> None:
    """`EXAMPLES` generated requests to one operation; failed checks go to `failures`."""

    @given(case=operation.as_strategy(generation_mode=mode), real=st.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, real: bool) -> None:
        if real and case.path_parameters:
            # Half the cases address the event and organization that exist, so the
            # endpoints' own logic runs, not only their 404. A negative case may have made
            # an id or a choice invalid on purpose: there only the free-text ones (any value
            # is valid) are replaced, so the case stays as invalid as generated.
            replaceable = known if mode == GenerationMode.POSITIVE else FREE_TEXT_PATH
            for name in case.path_parameters:
                if name in known and name in replaceable:
                    case.path_parameters[name] = known[name]
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, headers=headers, checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as error:
            failures.append(f"{role} {mode.value} {operation.label}: {error}"[:1500])

    run()


def test_api_matches_its_openapi_document(
    api_schema: Any,
    event: Any,
    organization: Any,
    organizer: Any,
    participant: Any,
    make_organization: Any,
    make_membership: Any,
    make_scheduled_meeting: Any,
    settings: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The test event's meetings were in October: keep feedback open so that writes run.
    settings.SUMMIT_FEEDBACK_DAYS = 10_000
    program = _program(
        event, participant, organizer, make_organization, make_membership, make_scheduled_meeting
    )
    tokens = {
        "participant": create_api_token(user=participant, name="fuzz")[1],
        "organizer": create_api_token(user=organizer, name="fuzz")[1],
    }
    known = {**_known_values(event, organization), **program}
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    operations = 0
    started = time.perf_counter()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for role, token in tokens.items():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(
                    operation,
                    mode,
                    role,
                    {"Authorization": f"Bearer {token}"},
                    known,
                    statuses,
                    failures,
                )
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        total = sum(statuses.values())
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
        print(
            f"\nschemathesis: {total} cases, {operations} operations x 2 roles x 2 modes, "
            f"{elapsed:.0f} s; statuses {codes}; {len(failures)} failures"
        )
    assert failures == [], "\n\n".join(failures)
    assert statuses[500] == 0
