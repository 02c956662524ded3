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
from rihai.core.plugins import DemoSeeder, NavEntry, RihaiApp

from .resources import Event
from .resources import Resource as R

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
    demo=DemoSeeder(
        seed="rihai.screening.demo.seed",
        after=("accounts",),
        sizes={"small": 300, "full": 3000},
    ),
)
