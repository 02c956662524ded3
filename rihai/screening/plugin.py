"""What the ad-screening app adds: resources ad, lead and registry, grants, events, menu, demo.

Grant decisions (docs/screening-app.md explains each):
- Investigators review ads nationally (ad view/change at ALL: an ad is a public post, not
  an agency's record), upload batches, raise leads and export their agency's decisions.
- Supervisors see the queue too and approve their agency's leads. The registry's change
  grant is theirs at AGENCY scope, and the actions also require the agency to be the
  Bureau of Emigration: grants are per role, not per agency type.
- Analysts get no ad grant: ads carry suspects' phone numbers and analysts see aggregates
  only. They, like every role that works on recruitment, may read the public registry.
"""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import DemoSeeder, NavEntry, Retention, RetentionRule, RihaiApp

from .resources import Event
from .resources import Resource as R

M = "rihai.screening.retention."
# docs/operations.md, "Retention and erasure": periods and their (unverified) reasoning.
RULES = [
    RetentionRule(
        code="screening.ad-dismissed",
        label=_("Dismissed ad (text, links, contacts)"),
        default_days=365,
        disposal="anonymise",
        clock=_("the day it was last decided on"),
        candidates=M + "expired_dismissed_ads",
        dispose=M + "anonymise_dismissed_ad",
        lock=M + "lock_ad",
        basis=_(
            "A reviewer found nothing in it; a year lets a network found later be traced "
            "back to it."
        ),
    ),
    RetentionRule(
        code="screening.ad",
        label=_("Unreviewed or watched ad (text, links, contacts)"),
        default_days=730,
        disposal="anonymise",
        clock=_("the day it was last decided on, or stored if never"),
        candidates=M + "expired_ads",
        dispose=M + "anonymise_ad",
        lock=M + "lock_ad",
        basis=_("Recruitment networks reuse numbers for years; nobody acted on it."),
    ),
    RetentionRule(
        code="screening.ad-lead",
        label=_("Ad on a lead (text, links, contacts)"),
        default_days=1825,
        disposal="anonymise",
        clock=_("the day it was last decided on"),
        candidates=M + "expired_lead_ads",
        dispose=M + "anonymise_lead_ad",
        lock=M + "lock_ad",
        held=M + "held_ads",
        basis=_(
            "Evidence for an investigation: kept while a lead is open or its investigation "
            "is not over, and then as long as a related prosecution may cite it."
        ),
    ),
    RetentionRule(
        code="screening.batch",
        label=_("Uploaded file of ads"),
        default_days=90,
        disposal="anonymise",
        clock=_("the day it finished scoring"),
        candidates=M + "expired_batches",
        dispose=M + "blank_batch",
        lock=M + "lock_batch",
        basis=_("Needed only to resume or check scoring; every ad in it is stored on its own."),
    ),
]

APP = RihaiApp(
    label="screening",
    resources={r.value: r.label for r in R},
    personal_data=frozenset({R.AD, R.LEAD}),
    grants={
        "investigator": [
            (R.AD, "view", S.ALL),
            (R.AD, "change", S.ALL),
            (R.AD, "create", S.AGENCY),
            (R.AD, "export", S.AGENCY),
            (R.LEAD, "view", S.AGENCY),
            (R.LEAD, "create", S.AGENCY),
            (R.REGISTRY, "view", S.ALL),
        ],
        "supervisor": [
            (R.AD, "view", S.ALL),
            (R.AD, "change", S.ALL),
            (R.AD, "create", S.AGENCY),
            (R.AD, "export", S.AGENCY),
            (R.LEAD, "view", S.AGENCY),
            (R.LEAD, "create", S.AGENCY),
            (R.LEAD, "approve", S.AGENCY),
            # Retraining and switching the scoring model (it scores every agency's ads).
            (R.AD, "approve", S.ALL),
            (R.REGISTRY, "view", S.ALL),
            (R.REGISTRY, "change", S.AGENCY),
        ],
        "analyst": [(R.REGISTRY, "view", S.ALL)],
        "case-worker": [(R.REGISTRY, "view", S.ALL)],
    },
    audit_events={e.value: e.label for e in Event},
    nav=[
        NavEntry(
            _("Ad screening"),
            "screening:queue",
            R.AD,
            _("Review recruitment ads by risk; raise leads."),
            order=30,
        ),
        NavEntry(
            _("OEP registry"),
            "screening:registry",
            R.REGISTRY,
            _("Licensed overseas employment promoters."),
            order=35,
        ),
    ],
    work="rihai.screening.queries.work_items",
    retention=Retention(rules=RULES),
    demo=DemoSeeder(
        seed="rihai.screening.demo.seed",
        after=("accounts",),
        sizes={"small": 300, "full": 3000},
    ),
)
