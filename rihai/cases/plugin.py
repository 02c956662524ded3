"""What the cases app adds: its resources and default grants, menu, home-page work, demo."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import DemoSeeder, NavEntry, Retention, RetentionRule, RihaiApp

from .resources import Resource as R

CASEWORK = [R.PERSON, R.CASE, R.SCREENING, R.CONSENT]
V, C, CH, AP, EX = "view", "create", "change", "approve", "export"


def _grants(resources, actions, scope):
    return [(r, a, scope) for r in resources for a in actions]


APP = RihaiApp(
    label="cases",
    resources={r.value: r.label for r in R},
    personal_data=frozenset(R.values),
    grants={
        "supervisor": _grants(CASEWORK, [V, C, CH, AP], S.AGENCY)
        + _grants([R.CASE, R.PERSON], [EX], S.AGENCY)
        + [(R.IDENTIFIERS, V, S.AGENCY)],
        "case-worker": _grants(CASEWORK, [V, C, CH], S.OWN) + [(R.IDENTIFIERS, V, S.OWN)],
        "investigator": _grants(CASEWORK, [V, C, CH], S.AGENCY) + [(R.IDENTIFIERS, V, S.AGENCY)],
        # Service providers deliver a service: they see the case and masked identifiers, and
        # may not reveal them (least privilege, docs/security.md).
        "service-provider": _grants([R.PERSON, R.CASE], [V], S.AGENCY),
    },
    audit_events={
        "duplicate-check": _("Duplicate check"),
        "duplicate-check-refused": _("Duplicate check refused (hourly limit)"),
        "identifier-revealed": _("Full identifier revealed"),
        "case-restriction-set": _("Case restriction set or cleared"),
        "data-disclosed": _("Personal data disclosed (consent gate)"),
        "person-erased": _("Person's personal data erased"),
        # Case work (actions.casework.py)
        "note-added": _("Note added"),
        "document-added": _("Document added"),
        "document-viewed": _("Document opened"),
        "task-added": _("Task added"),
        "task-done": _("Task done"),
        "task-reopened": _("Task reopened"),
        "flag-raised": _("Flag raised"),
        "flag-lifted": _("Flag lifted"),
        "list-columns-saved": _("Columns of the case list chosen"),
        "search-saved": _("Search saved"),
        "search-deleted": _("Saved search deleted"),
        "recruiter-recorded": _("Survivor's account of a recruiter recorded"),
    },
    notification_kinds={
        "status-approved": _("Your request to change a case's status was approved"),
        "status-rejected": _(
            "Your request to change a case's status was rejected: open the case to read why"
        ),
    },
    nav=[
        NavEntry(
            _("Cases"),
            "cases:list",
            R.CASE,
            _("Register and identify possible victims; manage their cases."),
            order=10,
        )
    ],
    work="rihai.cases.casework.work.work_items",
    retention=Retention(
        rules=[
            RetentionRule(
                code="cases.person",
                label=_("Survivor's personal data"),
                # 10 years: see docs/operations.md, "Retention and erasure" (unverified).
                default_days=3650,
                disposal="anonymise",
                clock=_("the day the person's last case was closed or found not a victim"),
                candidates="rihai.cases.retention.expired_persons",
                dispose="rihai.cases.retention.anonymise_person",
                lock="rihai.cases.queries.lock_person",
                held="rihai.cases.retention.held_persons",
                basis=_(
                    "Re-trafficking is common years later and compensation and appeals run "
                    "long; no data protection act is in force to set a shorter period."
                ),
            ),
            RetentionRule(
                code="cases.recruiter-account",
                label=_("Survivor's account of a recruiter (name, CNIC, phone, agency)"),
                default_days=3650,
                disposal="anonymise",
                clock=_("the day the case was closed or found not a victim"),
                candidates="rihai.cases.retention.expired_recruiter_accounts",
                dispose="rihai.cases.retention.anonymise_recruiter_account",
                lock="rihai.cases.retention.lock_recruiter_account",
                held="rihai.justice.retention.held_recruiter_accounts",
                basis=_(
                    "Kept as long as the survivor's record; held while the recruiter is "
                    "named in an investigation that is not over."
                ),
            ),
        ],
        erase_person="rihai.cases.erasure.erase_person_data",
    ),
    demo=DemoSeeder(
        seed="rihai.cases.demo.seed", after=("accounts",), sizes={"small": 30, "full": 300}
    ),
)
