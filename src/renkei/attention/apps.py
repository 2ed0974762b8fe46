from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttentionConfig(AppConfig):
    name = "renkei.attention"
    label = "attention"
    verbose_name = _("Needs my attention")
