"""What has already happened between an organization and possible partners.

The directory (this app) and the recommendations (`summit.matching`) show each partner's
state: a meeting, a request either way, a declined request, a dismissal, "saved for later".
Those facts live in apps above this one (meetings, matching), which this app must not
import; they answer `partner_relations_requested` instead (connected in their
``AppConfig.ready``). Each receiver runs a fixed number of queries whatever the number of
partners asked about, so a page of 25 or 5,000 organizations costs the same queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.dispatch import Signal

from summit.organizations.models import Organization

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = [
    "BLOCKING_RELATIONS",
    "RELATIONS",
    "PartnerState",
    "Relation",
    "connected_pairs",
    "connected_pairs_requested",
    "partner_relations_requested",
    "partner_states",
]

#: Relation codes, strongest first: the first one present names the partner's state.
RELATIONS = (
    "meeting",
    "request_received",
    "request_sent",
    "declined",
    "dismissed",
    "saved",
)
#: Relations after which a partner is no longer offered as new nor gets a Request button.
BLOCKING_RELATIONS = frozenset(RELATIONS) - {"saved"}

#: Sent with ``organization`` and ``partner_ids`` (a frozenset of primary keys); each
#: receiver returns ``{partner_id: [Relation, ...]}`` for the partners it knows about.
partner_relations_requested = Signal()
#: Sent with ``event``; each receiver returns the pairs of organization ids (in any order)
#: that already meet or have a request waiting, for the recompute to leave out.
connected_pairs_requested = Signal()


@dataclass(frozen=True)
class Relation:
    """One fact between the organization and a partner; ``request_id`` names the meeting
    request it comes from, when it comes from one."""

    code: str
    request_id: int | None = None

    def __post_init__(self) -> None:
        if self.code not in RELATIONS:
            raise ValueError(f"unknown relation {self.code!r}")


@dataclass(frozen=True)
class PartnerState:
    """Everything known between the organization and one partner."""

    relations: tuple[Relation, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(relation.code for relation in self.relations)

    @property
    def main(self) -> str:
        """The strongest relation other than "saved" ("" when there is none)."""
        codes = self.codes
        return next((code for code in RELATIONS if code in codes and code != "saved"), "")

    @property
    def request_id(self) -> int | None:
        """The request behind the main relation (a meeting, a request either way)."""
        main = self.main
        return next((r.request_id for r in self.relations if r.code == main), None)

    @property
    def saved(self) -> bool:
        return "saved" in self.codes

    @property
    def is_new(self) -> bool:
        """Not met, not asked either way, not declined, not dismissed: offered as new."""
        return not (self.codes & BLOCKING_RELATIONS)


def partner_states(
    *, organization: Organization, partner_ids: Iterable[int]
) -> dict[int, PartnerState]:
    """The state of each partner (every id gets one, empty when nothing happened yet)."""
    wanted = frozenset(partner_ids) - {organization.pk}
    found: dict[int, list[Relation]] = {pk: [] for pk in wanted}
    if wanted:
        for _receiver, answer in partner_relations_requested.send(
            sender=Organization, organization=organization, partner_ids=wanted
        ):
            for partner_id, relations in (answer or {}).items():
                if partner_id in found:
                    found[partner_id].extend(relations)
    return {pk: PartnerState(relations=tuple(relations)) for pk, relations in found.items()}


def connected_pairs(*, event: Event) -> set[frozenset[int]]:
    """Pairs of the event's organizations that already meet or have a request waiting
    either way: the recommendations do not offer them to each other as new."""
    found: set[frozenset[int]] = set()
    for _receiver, answer in connected_pairs_requested.send(sender=Organization, event=event):
        found.update(frozenset(pair) for pair in answer or ())
    return found
