from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations that span the apps (the background worker); on top of everything else."""

    name = "renkei.ops"
    label = "ops"
    verbose_name = _("Operations")
