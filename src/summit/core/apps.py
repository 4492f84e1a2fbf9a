from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "summit.core"
    label = "summit_core"
    verbose_name = "Summit"
