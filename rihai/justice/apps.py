from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "rihai.justice"
    verbose_name = _("Investigation and prosecution")
