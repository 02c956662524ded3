from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "rihai.screening"
    label = "screening"
    verbose_name = _("Ad screening")

    def ready(self):
        from . import tasks  # noqa: F401  (connects the upload signal to the scoring task)
