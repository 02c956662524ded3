"""The cases app's "my work" on the home page: each count links to the page that lists exactly
what it counts (``casework_queries.work_lists``; the case list's own filters for the rest)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from rihai.core.plugins import WorkItem

from .. import casework_queries, queries
from ..resources import Resource

LABELS = {
    "tasks-overdue": lambda: _("tasks overdue"),
    "tasks-due": lambda: _("tasks due in the next 7 days"),
    "requests-rejected": lambda: _("of your requests rejected (last 30 days)"),
    "new-assignments": lambda: _("cases newly assigned to you (last 7 days)"),
}
URGENT = {"tasks-overdue", "requests-rejected"}


def work_items(user) -> list[WorkItem]:
    items = queries.work_items(user)  # open cases assigned to you, approvals waiting
    if not user.can(Resource.CASE, "view"):
        return items
    for key, rows in casework_queries.work_lists(user).items():
        items.append(
            WorkItem(
                key,
                LABELS[key](),
                rows.count(),
                reverse(f"cases:work-{key}"),
                urgent=key in URGENT,
            )
        )
    return items
