"""What the accounts app adds: users and agencies as resources, administration, demo logins."""

from django.utils.translation import gettext_lazy as _

from rihai.core.plugins import DemoSeeder, NavEntry, RihaiApp

from .events import AccountEvent
from .permissions import Action as A
from .permissions import Resource as R
from .permissions import Scope as S

APP = RihaiApp(
    label="accounts",
    resources={r.value: r.label for r in R},
    audit_events={e.value: e.label for e in AccountEvent},
    grants={
        "administrator": [
            (r, a, S.ALL) for r in (R.USER, R.AGENCY) for a in (A.VIEW, A.CREATE, A.CHANGE)
        ],
        "supervisor": [(R.USER, A.VIEW, S.AGENCY)],
        "auditor": [(R.USER, A.VIEW, S.ALL)],
    },
    nav=[
        NavEntry(
            _("Administration"),
            "admin:index",
            R.USER,
            _("Agencies, users and roles."),
            action=A.CHANGE,
            order=90,
        )
    ],
    demo=DemoSeeder(seed="rihai.accounts.demo.seed"),
)
