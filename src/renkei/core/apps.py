from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares; an app only for the one model of its own (the stored answers to
    idempotent POSTs)."""

    name = "renkei.core"
    label = "core"
    verbose_name = _("Core")
