from __future__ import annotations

from collections.abc import Callable

import pytest

from partnering_engine.errors import InputError
from partnering_engine.matching.candidates import (
    CandidateWeights,
    MeetingRequest,
    RequestStatus,
    meeting_candidates,
    suggestions_from,
    survey_exclusions,
)
from partnering_engine.matching.recommend import recommend_all
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.matching.synthetic import survey_for_participants
from partnering_engine.types import Meeting, Problem

pytestmark = pytest.mark.unit


def weights_by_pair(meetings: tuple[Meeting, ...]) -> dict[frozenset[str], float]:
    return {frozenset((m.a, m.b)): m.weight for m in meetings}


def test_both_asked_beats_accepted_beats_suggestion() -> None:
    meetings = meeting_candidates(
        requests=[
            MeetingRequest("a", "b"),
            MeetingRequest("b", "a"),
            MeetingRequest("c", "d", RequestStatus.ACCEPTED),
        ],
        suggestions={"e": [("f", 0.99)], "a": [("b", 0.1)]},
    )
    weights = weights_by_pair(meetings)
    assert weights[frozenset("ab")] > weights[frozenset("cd")] > weights[frozenset("ef")]
    assert frozenset((meetings[0].a, meetings[0].b)) == frozenset("ab")


def test_declined_and_excluded_pairs_get_no_meeting() -> None:
    meetings = meeting_candidates(
        requests=[
            MeetingRequest("a", "b"),
            MeetingRequest("b", "a", RequestStatus.DECLINED),
        ],
        suggestions={"a": [("b", 0.9), ("c", 0.5)]},
        exclusions=[("c", "a")],
    )
    assert meetings == ()


def test_pending_requests_only_when_asked_for() -> None:
    requests = [MeetingRequest("a", "b")]
    assert meeting_candidates(requests=requests) == ()
    pending = meeting_candidates(requests=requests, include_pending=True)
    assert [m.weight for m in pending] == [CandidateWeights().pending]


def test_participant_mapping_is_applied_and_checked() -> None:
    meetings = meeting_candidates(
        requests=[MeetingRequest("a", "b", RequestStatus.ACCEPTED)],
        participant_of={"a": "p1", "b": "p2"},
    )
    assert (meetings[0].a, meetings[0].b) == ("p1", "p2")
    with pytest.raises(InputError, match="'b'"):
        meeting_candidates(
            requests=[MeetingRequest("a", "b", RequestStatus.ACCEPTED)],
            participant_of={"a": "p1"},
        )


def test_weights_must_keep_their_order() -> None:
    with pytest.raises(ValueError, match="mutual > accepted"):
        CandidateWeights(mutual=1.0, accepted=2.0)


def test_recommendations_become_a_valid_scheduling_problem(
    make_problem: Callable[..., Problem],
) -> None:
    rows = survey_for_participants([f"p{i}" for i in range(40)], seed=2)
    suggestions = suggestions_from(recommend_all(rows, top=3))
    meetings = meeting_candidates(suggestions=suggestions)
    assert meetings
    assert all(0.5 <= m.weight <= 1.0 for m in meetings)
    problem = make_problem(list(meetings), slots=6, tables=5)
    assert len(problem.meetings) == len(meetings)


def test_survey_exclusions_block_suggested_meetings(
    make_row: Callable[..., SurveyRow],
) -> None:
    rows = [make_row("a", offers=["funding"], excluded_partners=["b"]), make_row("b")]
    meetings = meeting_candidates(
        suggestions={"b": [("a", 0.9), ("c", 0.4)]}, exclusions=survey_exclusions(rows)
    )
    assert survey_exclusions(rows) == [("a", "b")]
    assert [(m.a, m.b) for m in meetings] == [("b", "c")]
