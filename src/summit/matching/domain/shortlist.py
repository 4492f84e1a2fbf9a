"""An organization's short list ("save for later") and the matching app's answer to
`partner_relations_requested` (dismissed, saved)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from summit.matching.models import Dismissal, SavedPartner
from summit.organizations.domain.relations import (
    PartnerState,
    Relation,
    partner_relations_requested,
    partner_states,
)
from summit.organizations.models import Organization

__all__ = [
    "connect",
    "saved_partner_states",
    "saved_partners_of",
    "set_saved",
    "shortlist_relations",
]


def _check_pair(organization: Organization, partner: Organization) -> None:
    if partner.event_id != organization.event_id:
        raise ValidationError({"partner": [_("That organization is not in this event.")]})
    if partner.pk == organization.pk:
        raise ValidationError({"partner": [_("An organization cannot save itself.")]})


def set_saved(*, organization: Organization, partner: Organization, saved: bool, user: Any) -> bool:
    """Put `partner` on the organization's short list or take it off; returns the new state.
    Saving twice (two people of one organization at once) keeps one row."""
    _check_pair(organization, partner)
    if not saved:
        SavedPartner.objects.filter(organization=organization, partner=partner).delete()
        return False
    try:
        with transaction.atomic():
            SavedPartner.objects.get_or_create(
                organization=organization,
                partner=partner,
                defaults={
                    "event_id": organization.event_id,
                    "user": user if getattr(user, "is_authenticated", False) else None,
                },
            )
    except IntegrityError:
        # The other person's save committed between our look-up and insert: it is saved.
        pass
    return True


def saved_partners_of(*, organization: Organization) -> list[Organization]:
    """The partners on the organization's short list, most recently saved first (one query)."""
    rows = SavedPartner.objects.filter(organization=organization).select_related("partner")
    return [row.partner for row in rows]


def saved_partner_states(*, organization: Organization) -> list[tuple[Organization, PartnerState]]:
    """The short list with each partner's state (a fixed number of queries)."""
    partners = saved_partners_of(organization=organization)
    states = partner_states(organization=organization, partner_ids=[p.pk for p in partners])
    return [(partner, states[partner.pk]) for partner in partners]


def shortlist_relations(
    *, organization: Organization, partner_ids: frozenset[int]
) -> dict[int, list[Relation]]:
    """ "dismissed" and "saved" for the partners asked about (two queries)."""
    found: dict[int, list[Relation]] = {}
    for model, code in ((Dismissal, "dismissed"), (SavedPartner, "saved")):
        rows = model.objects.filter(  # type: ignore[attr-defined]
            organization=organization, partner_id__in=partner_ids
        ).values_list("partner_id", flat=True)
        for partner_id in rows:
            found.setdefault(partner_id, []).append(Relation(code=code))
    return found


def _answer(
    sender: Any, *, organization: Organization, partner_ids: frozenset[int], **kwargs: Any
) -> dict[int, list[Relation]]:
    return shortlist_relations(organization=organization, partner_ids=partner_ids)


def connect() -> None:
    partner_relations_requested.connect(_answer, dispatch_uid="matching-relations")
