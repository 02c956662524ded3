"""What the accounts app adds: users and agencies as resources, administration, demo logins."""

from django.utils.translation import gettext_lazy as _

from rihai.core.plugins import (
    NO_MANUAL_HOLD,
    DemoSeeder,
    NavEntry,
    Retention,
    RetentionRule,
    RihaiApp,
)

from .events import AccountEvent
from .permissions import Action as A
from .permissions import Resource as R
from .permissions import Scope as S

M = "rihai.accounts.retention."
# docs/operations.md, "Retention and erasure": periods and their (unverified) reasoning.
RETENTION = Retention(
    rules=[
        RetentionRule(
            code="accounts.session",
            label=_("Expired session"),
            default_days=7,
            disposal="delete",
            clock=_("the day the session expired"),
            candidates=M + "expired_sessions",
            dispose=M + "delete_session",
            lock=NO_MANUAL_HOLD,
            basis=_("Of no use once expired; the audit log already says who did what."),
        ),
        RetentionRule(
            code="accounts.sign-in",
            label=_("Sign-in log (username, address, browser)"),
            default_days=365,
            disposal="delete",
            clock=_("the sign-in"),
            candidates=M + "expired_sign_ins",
            dispose=M + "delete_sign_in",
            lock=NO_MANUAL_HOLD,
            basis=_("Long enough to look into a misuse of an account found at a yearly audit."),
        ),
        RetentionRule(
            code="accounts.failed-sign-in",
            label=_("Failed sign-in and lockout log"),
            default_days=180,
            disposal="delete",
            clock=_("the attempt"),
            candidates=M + "expired_failed_sign_ins",
            dispose=M + "delete_failed_sign_in",
            lock=NO_MANUAL_HOLD,
            basis=_(
                "Guessing attacks are looked into within weeks; the usernames tried may "
                "be people's names."
            ),
        ),
    ]
)

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
    retention=RETENTION,
)
