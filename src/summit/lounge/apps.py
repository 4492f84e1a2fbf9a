from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoungeConfig(AppConfig):
    name = "summit.lounge"
    label = "lounge"
    verbose_name = _("Lounge")
