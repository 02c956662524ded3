"""What the cases app adds: its resources and default grants, menu, home-page work, demo."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import DemoSeeder, NavEntry, RihaiApp

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
        "recruiter-recorded": _("Survivor's account of a recruiter recorded"),
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
    work="rihai.cases.queries.work_items",
    demo=DemoSeeder(
        seed="rihai.cases.demo.seed", after=("accounts",), sizes={"small": 30, "full": 300}
    ),
)
