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
        + _grants([R.CASE, R.PERSON], [EX], S.AGENCY),
        "case-worker": _grants(CASEWORK, [V, C, CH], S.OWN),
        "investigator": _grants(CASEWORK, [V, C, CH], S.AGENCY),
        "service-provider": _grants([R.PERSON, R.CASE], [V], S.AGENCY),
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
