from django.urls import reverse
from django.utils.translation import gettext as _

from rihai.core.plugins import WorkItem

from .queries import open_count
from .resources import REPORT


def work_items(user) -> list[WorkItem]:
    if not user.can(REPORT, "view"):
        return []
    return [
        WorkItem(
            "public-reports",
            _("reports from the public waiting for a decision"),
            open_count(user),
            reverse("intake:list") + "?open=on",
            urgent=True,
        )
    ]
