"""The message a request starts with: written in the sender's language from both surveys."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK
from summit.core.names import person_name
from summit.organizations.models import Membership, Organization
from summit.organizations.vocabulary import label_for

__all__ = ["default_request_message", "shared_topics"]

#: Topics named in a message at most (the first ones of each side's survey order).
_MAX_TOPICS = 3


def _name(organization: Organization, korean: bool) -> str:
    return organization.name_local if korean and organization.name_local else organization.name


def shared_topics(*, sender: Organization, receiver: Organization) -> list[str]:
    """Labels (active language) of what one side offers and the other seeks, the receiver's
    offers answering the sender's seeks first; each label once."""
    topics: list[str] = []
    for seeker, provider in ((sender, receiver), (receiver, sender)):
        answered = {OFFER_ANSWERS_SEEK.get(offer) for offer in provider.offers}
        for seek in seeker.seeks:
            label = label_for(field="seeks", code=seek)
            if seek in answered and label not in topics:
                topics.append(label)
    return topics[:_MAX_TOPICS]


def default_request_message(*, sender: Membership, receiver: Organization) -> str:
    """A short, editable first message in the active language: who asks, at which event,
    about what (from the two surveys), signed with the sender's name."""
    korean = (get_language() or "en").startswith("ko")
    own = sender.organization
    person = person_name(sender.user)
    values = {
        "receiver": _name(receiver, korean),
        "sender": _name(own, korean),
        "event": sender.event.name_ko
        if korean and getattr(sender.event, "name_ko", "")
        else sender.event.name,
        "person": person,
    }
    topics = shared_topics(sender=own, receiver=receiver)
    lines = [_("Hello %(receiver)s team,") % values, ""]
    if topics:
        lines.append(
            _("%(sender)s would like to meet you at %(event)s to talk about %(topics)s.")
            % {**values, "topics": ", ".join(topics)}
        )
    else:
        lines.append(_("%(sender)s would like to meet you at %(event)s.") % values)
    lines += ["", _("Best regards,"), f"{person}, {values['sender']}"]
    return "\n".join(lines)
