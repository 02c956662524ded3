"""What the public site adds: the intake queue's resource, grants, events, menu and work."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import NavEntry, Retention, RetentionRule, RihaiApp

from .resources import REPORT

INTAKE = [(REPORT, "view", S.AGENCY), (REPORT, "change", S.AGENCY)]

M = "rihai.portal.retention."
# docs/operations.md, "Retention and erasure": periods and their (unverified) reasoning.
RETENTION = Retention(
    rules=[
        RetentionRule(
            code="portal.report-contact",
            label=_("Contact details left with a public report"),
            default_days=180,
            disposal="anonymise",
            clock=_("the day the report was received (once it was dealt with)"),
            candidates=M + "expired_reports",
            dispose=M + "blank_contact",
            lock=M + "lock_report",
            basis=_("Given only so that the office could reach the sender about the report."),
        ),
        RetentionRule(
            code="portal.report",
            label=_("Public report (what happened, names, phones, links)"),
            default_days=1095,
            disposal="anonymise",
            clock=_("the day the report was received (once it was dealt with)"),
            candidates=M + "expired_reports",
            dispose=M + "anonymise_report",
            lock=M + "lock_report",
            held=M + "held_reports",
            basis=_(
                "Reports about the same recruiter are compared for a few years; a report "
                "that opened a case or an investigation lives on in that record."
            ),
        ),
    ]
)

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
    retention=RETENTION,
)
