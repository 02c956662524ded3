from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rihai.accounts"
    verbose_name = _("Agencies and users")
