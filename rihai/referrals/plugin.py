"""What the referrals app adds: its resources and default grants, events, menu, work, demo."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import DemoSeeder, NavEntry, Retention, RetentionRule, RihaiApp

from .events import ReferralEvent
from .events import ReferralEvent as E
from .resources import Resource as R

V, C, CH, AP = "view", "create", "change", "approve"

M = "rihai.referrals.retention."
ENDED_BASIS = _(
    "The survivor's own record is kept longer (cases.person); the provider's copy only as long "
    "as the service may be questioned or a complaint about it made."
)
# docs/operations.md, "Retention and erasure": periods and their (unverified) reasoning.
RULES = [
    RetentionRule(
        code="referrals.referral",
        label=_("Ended referral (what the provider received, notes, services delivered)"),
        default_days=1095,
        disposal="anonymise",
        clock=_("the day it was completed, withdrawn or declined"),
        candidates=M + "expired_referrals",
        dispose=M + "anonymise_referral",
        lock=M + "lock_referral",
        held=M + "held_referrals",
        basis=ENDED_BASIS,
    ),
    RetentionRule(
        code="referrals.transfer",
        label=_("Decided transfer (reasons and notes)"),
        default_days=1095,
        disposal="anonymise",
        clock=_("the day it was decided"),
        candidates=M + "expired_transfers",
        dispose=M + "anonymise_transfer",
        lock=M + "lock_transfer",
        held=M + "held_transfers",
        basis=ENDED_BASIS,
    ),
    RetentionRule(
        code="referrals.plan",
        label=_("Closed support plan (guardian, best interests, items)"),
        default_days=1095,
        disposal="anonymise",
        clock=_("the day it was closed"),
        candidates=M + "expired_plans",
        dispose=M + "anonymise_plan",
        lock=M + "lock_plan",
        held=M + "held_plans",
        basis=ENDED_BASIS,
    ),
]

APP = RihaiApp(
    label="referrals",
    resources={r.value: r.label for r in R},
    personal_data=frozenset({R.REFERRAL}),
    grants={
        # The directory is public knowledge among agencies: everyone doing casework reads all
        # of it; a provider's own staff keep their entry and beds current.
        "administrator": [(R.SERVICE, a, S.ALL) for a in (V, C, CH)],
        "supervisor": [(R.REFERRAL, a, S.AGENCY) for a in (V, C, CH, AP)]
        + [(R.SERVICE, V, S.ALL), (R.SERVICE, CH, S.AGENCY)],
        "case-worker": [(R.REFERRAL, a, S.OWN) for a in (V, C, CH)] + [(R.SERVICE, V, S.ALL)],
        "investigator": [(R.REFERRAL, a, S.OWN) for a in (V, C, CH)] + [(R.SERVICE, V, S.ALL)],
        # Staff of a shelter or service: the referrals addressed to (or sent by) their agency.
        "service-provider": [(R.REFERRAL, V, S.AGENCY), (R.REFERRAL, CH, S.AGENCY)]
        + [(R.SERVICE, V, S.ALL), (R.SERVICE, CH, S.AGENCY)],
    },
    audit_events={e.value: e.label for e in ReferralEvent},
    # What the other side is told (notify.py), one notification per person who may open it.
    notification_kinds={
        E.REFERRED: _("A referral to your agency waits for an answer"),
        E.ACCEPTED: _("Your referral was accepted"),
        E.DECLINED: _("Your referral was declined: open it to read why"),
        E.WITHDRAWN: _("A referral to your agency was withdrawn"),
        E.STARTED: _("The service you referred someone for has started"),
        E.ADMITTED: _("The person you referred was admitted to a shelter"),
        E.DISCHARGED: _("The person you referred left the shelter"),
        E.SERVICE_DELIVERED: _("A service was delivered under your referral"),
        E.COMPLETED: _("Your referral was completed"),
        E.TRANSFER_REQUESTED: _("A case transfer waits for your approval"),
        E.TRANSFER_APPROVED: _(
            "A case transfer to your agency waits for you to accept or decline it"
        ),
        E.TRANSFER_ACCEPTED: _("Your agency's case transfer was accepted"),
        E.TRANSFER_DECLINED: _("Your agency's case transfer was declined: open it to read why"),
        E.TRANSFER_CANCELLED: _("A case transfer to your agency was cancelled"),
    },
    # Erasing a person blanks the snapshots and notes about them (erasure.py).
    retention=Retention(rules=RULES, erase_person="rihai.referrals.erasure.erase_person_data"),
    nav=[
        NavEntry(
            _("Referrals"),
            "referrals:list",
            R.REFERRAL,
            _("Refer survivors to shelters and services; answer referrals addressed to you."),
            order=20,
        ),
        NavEntry(
            _("Services"),
            "referrals:directory",
            R.SERVICE,
            _("Shelters, legal aid, medical, psychosocial, training and return services."),
            order=25,
        ),
    ],
    work="rihai.referrals.queries.work_items",
    demo=DemoSeeder(
        seed="rihai.referrals.demo.seed",
        after=("accounts", "cases"),
        sizes={"small": 20, "full": 120},
    ),
)
