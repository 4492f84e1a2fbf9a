from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "summit.matching"
    label = "matching"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from summit.matching import signals
        from summit.matching.domain import shortlist

        signals.connect()
        shortlist.connect()
