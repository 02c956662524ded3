from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "rihai.ops"
    verbose_name = _("Operations")

    def ready(self):
        # Connects the Celery task-failure counter in web and worker processes alike.
        # Carries request ids into background jobs (publish and run signals).
        from . import (
            metrics,  # noqa: F401
            task_context,  # noqa: F401
        )
