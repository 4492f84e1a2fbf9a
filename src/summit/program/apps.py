from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    """The organizers' command center and reminders to segments: above every app it reads
    (organizations, matching, meetings, scheduling, lounge, outcomes)."""

    name = "summit.program"
    label = "program"
    verbose_name = _("Program")
