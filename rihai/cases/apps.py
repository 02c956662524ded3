from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "rihai.cases"
    verbose_name = _("Cases")

    def ready(self):
        # Importing the actions package registers every action (rihai.core.actions.REGISTRY),
        # so the action contract test finds them even if no page imported them yet.
        from . import actions  # noqa: F401
