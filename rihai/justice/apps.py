from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "rihai.justice"
    verbose_name = _("Investigation and prosecution")

    def ready(self):
        # The lead hand-off action lives in its own module: imported here so the action
        # registry (and the contract test) always finds it, like the actions in actions.py.
        from . import actions_leads  # noqa: F401
