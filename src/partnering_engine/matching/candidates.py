"""Meeting candidates for the scheduler, from meeting requests and recommendations.

Each unordered pair of organizations becomes at most one `partnering_engine.types.Meeting`
whose weight says how much the scheduler should want it:

- both asked each other (neither declined): `CandidateWeights.mutual` (3.0);
- one asked and the other accepted: `CandidateWeights.accepted` (2.0);
- one asked, no answer yet (only with ``include_pending=True``): `CandidateWeights.pending`
  (1.5);
- an organizer suggestion (a recommendation): between `CandidateWeights.suggested_min` and
  `CandidateWeights.suggested_max` (0.5 to 1.0) by match score.

So both asked > one asked and accepted > an organizer's suggestion, whatever the scores. A
pair where either side declined or excluded the other is never a candidate.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from partnering_engine.errors import InputError
from partnering_engine.matching.recommend import Recommendations
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.types import Meeting

__all__ = [
    "CandidateWeights",
    "MeetingRequest",
    "RequestStatus",
    "meeting_candidates",
    "suggestions_from",
    "survey_exclusions",
]


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    """`requester` asked to meet `target`; `status` is the target's answer."""

    requester: str
    target: str
    status: RequestStatus = RequestStatus.PENDING


@dataclass(frozen=True, slots=True)
class CandidateWeights:
    mutual: float = 3.0
    accepted: float = 2.0
    pending: float = 1.5
    suggested_min: float = 0.5
    suggested_max: float = 1.0

    def __post_init__(self) -> None:
        if not (self.mutual > self.accepted > self.suggested_max >= self.suggested_min > 0):
            raise ValueError(
                "weights must satisfy mutual > accepted > suggested_max >= suggested_min > 0"
            )


def suggestions_from(
    recommendations: Recommendations, *, top: int | None = None
) -> dict[str, list[tuple[str, float]]]:
    """Organizer suggestions from recommendation lists: org_id -> [(partner, share)], the
    share being the recommendation's strength (its percentile among the organization's
    candidates) / 100, in [0, 1]."""
    out: dict[str, list[tuple[str, float]]] = {}
    strengths = (
        recommendations.strengths
        if recommendations.strengths is not None
        else recommendations.scores * 100.0
    )
    for i, row in enumerate(recommendations.rows):
        pairs = [
            (recommendations.rows[j].org_id, float(strength) / 100.0)
            for j, strength in zip(recommendations.partners[i], strengths[i], strict=True)
            if j >= 0
        ]
        out[row.org_id] = pairs[:top] if top is not None else pairs
    return out


def survey_exclusions(rows: Iterable[SurveyRow]) -> list[tuple[str, str]]:
    """(organization, excluded partner) pairs from the survey's ``excluded_partners``."""
    return [(row.org_id, other) for row in rows for other in row.excluded_partners]


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def meeting_candidates(
    *,
    requests: Iterable[MeetingRequest] = (),
    suggestions: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    exclusions: Iterable[tuple[str, str]] = (),
    participant_of: Mapping[str, str] | None = None,
    include_pending: bool = False,
    weights: CandidateWeights | None = None,
) -> tuple[Meeting, ...]:
    """Scheduler meetings for the pairs that deserve one, heaviest first.

    `participant_of` maps org_ids to the scheduling problem's participant ids (identity by
    default); a pair whose side has no participant raises `InputError`."""
    w = weights or CandidateWeights()
    asked: dict[tuple[str, str], RequestStatus] = {}
    for request in requests:
        if request.requester == request.target:
            raise InputError(f"request {request.requester}->{request.target}", "cannot ask oneself")
        asked[(request.requester, request.target)] = request.status
    blocked = {_key(a, b) for a, b in exclusions}
    weight: dict[tuple[str, str], float] = {}
    for (a, b), status in asked.items():
        pair = _key(a, b)
        back = asked.get((b, a))
        if status is RequestStatus.DECLINED or back is RequestStatus.DECLINED:
            blocked.add(pair)
            continue
        if back is not None:
            value = w.mutual
        elif status is RequestStatus.ACCEPTED:
            value = w.accepted
        elif include_pending:
            value = w.pending
        else:
            continue
        weight[pair] = max(weight.get(pair, 0.0), value)
    best_score: dict[tuple[str, str], float] = {}
    for org, partners in (suggestions or {}).items():
        for partner, score in partners:
            if partner == org:
                continue
            pair = _key(org, partner)
            best_score[pair] = max(best_score.get(pair, 0.0), score)
    for pair, score in best_score.items():
        if pair in weight:
            continue
        share = min(max(score, 0.0), 1.0)
        weight[pair] = w.suggested_min + (w.suggested_max - w.suggested_min) * share
    meetings: list[Meeting] = []
    for (a, b), value in sorted(weight.items(), key=lambda item: (-item[1], item[0])):
        if (a, b) in blocked:
            continue
        pa, pb = a, b
        if participant_of is not None:
            if a not in participant_of or b not in participant_of:
                missing = a if a not in participant_of else b
                raise InputError(f"organization {missing!r}", "has no scheduling participant")
            pa, pb = participant_of[a], participant_of[b]
        meetings.append(Meeting(id=f"{a}--{b}", a=pa, b=pb, weight=round(value, 6)))
    return tuple(meetings)
