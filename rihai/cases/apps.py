from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "rihai.cases"
    verbose_name = _("Cases")

    def ready(self):
        # The case work's actions live in their own module; importing it registers them
        # (rihai.core.actions.REGISTRY), as the cases actions are when actions.py is imported.
        from . import casework_actions  # noqa: F401
