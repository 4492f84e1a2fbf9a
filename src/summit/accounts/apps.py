from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "summit.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from summit.accounts import checks  # noqa: F401  (registers the system checks)
