"""The parties of a meeting: the organizations that meet, in one place.

A meeting request (and so every scheduled meeting, seat, feedback or deal that points to
one) names its organizations in fields of `MeetingRequest`: today the requesting
organization and the asked one, stored a second time as a canonically ordered pair for the
database's "one open request per pair" constraint. Only this module (and the model with its
constraints and migrations) spells those fields. Everything else asks here:

- on a meeting request or a scheduled meeting: `parties_of`, `party_ids_of`,
  `other_parties_of` / `other_party_of`, `is_party`, `parties_label`;
- in a query: `involving` (rows with one of the organizations as a party), `any_party`
  (a party matches lookups), `party_paths` (paths for ``select_related``, ``only``,
  ``values``, ``order_by``), `party_ids_in` (the ids out of a ``values()`` row), and by
  role `requesting_party_path` / `asked_party_path` (who asked, who answers);
- for the unordered pair: `pair_key`, `open_pair_lookup`, `party_fields`.

``via`` is the relation path from the queried model to its meeting request: ``""`` for
`MeetingRequest` itself, ``"meeting_request"`` from a scheduled meeting, and
``"meeting__meeting_request"`` from a seat, a feedback or an attendance row.

Parties come in a fixed order: the requesting organization first. A meeting of three
organizations changes this module, the model and its pair constraint; callers already speak
of tuples of parties and of "any party", so they do not change (the two-party helpers
`other_party_of` and `pair_key` say where a third party needs a decision).

A separate party table (one row per organization of a meeting) was considered: it would
move the pair constraint into a trigger, turn every ``select_related`` of the parties into a
prefetch (one more query per list) and double-write every request; with two parties the
fields plus this module give the same single home at no cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db.models import Q

from summit.core.templatetags.summit import local_name
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Organization

#: The request's fields naming its parties, the requesting organization first.
PARTY_FIELDS: tuple[str, ...] = ("sender_organization", "receiver_organization")
#: The same parties in canonical order (smaller id first): the key of the unordered pair.
_PAIR_FIELDS: tuple[str, ...] = ("low_organization", "high_organization")
#: Between the parties' names (the same in English and Korean).
PARTY_SEPARATOR = " – "


def _prefix(via: str) -> str:
    return f"{via}__" if via else ""


def _organization_id(organization: Organization | int) -> int:
    return organization if isinstance(organization, int) else organization.pk


# ---- queries ---------------------------------------------------------------------------------


def party_paths(*, via: str = "", field: str = "") -> list[str]:
    """The lookup path of each party's organization (requesting party first), or of one of
    its fields: for ``select_related``, ``only``, ``values``, ``order_by``.

    ``party_paths(via="meeting_request")`` → the parties of a scheduled meeting to
    ``select_related``; ``party_paths(via="meeting_request", field="name")`` → their names.
    """
    suffix = f"__{field}" if field else ""
    return [f"{_prefix(via)}{name}{suffix}" for name in PARTY_FIELDS]


def requesting_party_path(*, via: str = "", field: str = "") -> str:
    """The path of the organization that asked for the meeting (or that the organizers
    named first), or of one of its fields."""
    return party_paths(via=via, field=field)[0]


def asked_party_path(*, via: str = "", field: str = "") -> str:
    """The path of the organization asked for the meeting, the one that answers a request
    (``field="id"`` for its id without a join)."""
    return party_paths(via=via, field=field)[1]


def involving(
    organization: Organization | int | Iterable[Organization | int], *, via: str = ""
) -> Q:
    """Rows (requests, or rows reaching a request through ``via``) where the organization is
    a party; given several organizations, where any of them is."""
    if isinstance(organization, (int, Organization)):
        return any_party(via=via, id=_organization_id(organization))
    return any_party(via=via, id__in=sorted({_organization_id(o) for o in organization}))


def any_party(*, via: str = "", **lookups: Any) -> Q:
    """Rows where at least one party's organization matches every lookup, e.g.
    ``any_party(via="meeting_request", org_type="pharma")``."""
    condition = Q()
    for path in party_paths(via=via):
        condition |= Q(**{f"{path}__{lookup}": value for lookup, value in lookups.items()})
    return condition


def party_id_fields(*, via: str = "") -> list[str]:
    """The parties' id columns, for ``values()`` / ``values_list()`` without a join."""
    return [f"{path}_id" for path in party_paths(via=via)]


def party_ids_in(row: Mapping[str, Any], *, via: str = "") -> tuple[int, ...]:
    """The parties' ids out of a ``values(*party_id_fields(via=...))`` row."""
    return tuple(row[name] for name in party_id_fields(via=via))


# ---- one meeting -----------------------------------------------------------------------------


class _ThroughRequest(Protocol):
    """A scheduled meeting (or anything else that is held for one meeting request)."""

    meeting_request: MeetingRequest


#: A meeting request, or a scheduled meeting standing for its request.
Meeting = MeetingRequest | _ThroughRequest


def _request_of(meeting: Meeting) -> MeetingRequest:
    return meeting if isinstance(meeting, MeetingRequest) else meeting.meeting_request


def parties_of(meeting: Meeting) -> tuple[Organization, ...]:
    """The meeting's organizations, requesting party first (select them with
    ``party_paths`` to keep this free of queries)."""
    meeting_request = _request_of(meeting)
    return tuple(getattr(meeting_request, name) for name in PARTY_FIELDS)


def party_ids_of(meeting: Meeting) -> tuple[int, ...]:
    """The ids of the meeting's organizations, requesting party first (no query)."""
    meeting_request = _request_of(meeting)
    return tuple(getattr(meeting_request, f"{name}_id") for name in PARTY_FIELDS)


def is_party(meeting: Meeting, *, organization_id: int | None) -> bool:
    """Whether the organization is one of the meeting's."""
    return organization_id is not None and organization_id in party_ids_of(meeting)


def other_parties_of(meeting: Meeting, *, organization_id: int) -> tuple[Organization, ...]:
    """The meeting's organizations other than ``organization_id``."""
    return tuple(o for o in parties_of(meeting) if o.pk != organization_id)


def other_party_id_of(meeting: Meeting, *, organization_id: int) -> int:
    """The id of the partner in a two-party meeting, seen from ``organization_id`` (for an
    organization that is not a party: the requesting one)."""
    first, second = party_ids_of(meeting)
    return second if first == organization_id else first


def other_party_of(meeting: Meeting, *, organization_id: int) -> Organization:
    """The partner in a two-party meeting, seen from ``organization_id`` (for an
    organization that is not a party: the requesting one)."""
    first, second = parties_of(meeting)
    return second if first.pk == organization_id else first


def parties_label(meeting: Meeting, *, local: bool = False) -> str:
    """ "Acme Biologics – Beta Therapeutics": the parties' names, requesting party first;
    ``local``: each one's Korean name on Korean pages (as the ``local_name`` filter)."""
    return PARTY_SEPARATOR.join(local_name(o) if local else o.name for o in parties_of(meeting))


# ---- the unordered pair ----------------------------------------------------------------------


def pair_key(organization_ids: Iterable[int]) -> tuple[int, ...]:
    """The key of the unordered set of parties (what one open request per pair means)."""
    return tuple(sorted(organization_ids))


def open_pair_lookup(organization_ids: Iterable[int]) -> dict[str, int]:
    """Lookups finding the requests between exactly these organizations, whoever asked (on
    the indexed canonical pair)."""
    key = pair_key(organization_ids)
    if len(key) != len(_PAIR_FIELDS):
        raise ValueError(f"a meeting request has {len(_PAIR_FIELDS)} parties, not {len(key)}")
    return {f"{name}_id": value for name, value in zip(_PAIR_FIELDS, key, strict=True)}


def pair_id_fields() -> list[str]:
    """The canonical pair's id columns, for ``values_list`` (rows match `pair_key`)."""
    return [f"{name}_id" for name in _PAIR_FIELDS]


def party_fields(*organization_ids: int) -> dict[str, int]:
    """Field values of a new request between these organizations, requesting one first:
    the parties and their canonical pair (for ``MeetingRequest(**...)`` and bulk creation)."""
    if len(organization_ids) != len(PARTY_FIELDS):
        raise ValueError(
            f"a meeting request has {len(PARTY_FIELDS)} parties, not {len(organization_ids)}"
        )
    values = {
        f"{name}_id": value for name, value in zip(PARTY_FIELDS, organization_ids, strict=True)
    }
    values.update(open_pair_lookup(organization_ids))
    return values
