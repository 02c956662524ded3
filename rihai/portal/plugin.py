"""What the public site adds: the intake queue's resource, grants, events, menu and work."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import NavEntry, RihaiApp

from .resources import REPORT

INTAKE = [(REPORT, "view", S.AGENCY), (REPORT, "change", S.AGENCY)]

APP = RihaiApp(
    label="portal",
    resources={REPORT: _("Reports from the public")},
    personal_data=frozenset({REPORT}),
    grants={"supervisor": INTAKE, "investigator": INTAKE, "case-worker": INTAKE},
    audit_events={
        "report-received": _("Public report received"),
        "report-added-to": _("Public report added to by its sender"),
        "report-taken": _("Public report taken up"),
        "report-triaged": _("Public report decided"),
    },
    nav=[
        NavEntry(
            _("Public reports"),
            "intake:list",
            REPORT,
            _("Concerns reported by the public to your agency: read, decide, act."),
            order=30,
        )
    ],
    work="rihai.portal.work.work_items",
)
