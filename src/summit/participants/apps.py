from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    """The participant's side that reads several apps at once (the inbox); it sits above
    meetings, matching, scheduling, agenda and outcomes, which never import it."""

    name = "summit.participants"
    label = "participants"
    verbose_name = _("Participants")
