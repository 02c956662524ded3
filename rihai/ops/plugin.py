"""What the operations app adds: holds and erasure requests as resources (their pages and
grants), and the audit events of retention, holds and erasure requests.

Grants: a supervisor places and lifts holds and decides erasures for the agency's records
(the record's own app still decides which records, and the decider is never the requester);
case workers and investigators ask for an erasure of a person they work with and follow
their own requests; investigators see their agency's holds. Administrators, analysts and
auditors get nothing here: a hold's reason and an erasure's person are casework.
"""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import NavEntry, RihaiApp

from .resources import Resource as R

APP = RihaiApp(
    label="ops",
    resources={r.value: r.label for r in R},
    personal_data=frozenset({R.ERASURE}),
    grants={
        "supervisor": [(R.HOLD, a, S.AGENCY) for a in ("view", "create", "change")]
        + [(R.ERASURE, a, S.AGENCY) for a in ("view", "create", "approve")],
        "case-worker": [(R.ERASURE, a, S.OWN) for a in ("view", "create")],
        "investigator": [(R.HOLD, "view", S.AGENCY)]
        + [(R.ERASURE, a, S.OWN) for a in ("view", "create")],
    },
    nav=[
        NavEntry(
            _("Holds"),
            "ops:holds",
            R.HOLD,
            _("Records kept from the purge while an investigation or a court needs them."),
            order=80,
        ),
        NavEntry(
            _("Erasure requests"),
            "ops:erasures",
            R.ERASURE,
            _("A person's right to erasure: asked by one user, decided by a supervisor."),
            order=81,
        ),
    ],
    audit_events={
        "retention-anonymised": _("Record anonymised at the end of its retention period"),
        "retention-deleted": _("Record deleted at the end of its retention period"),
        "hold-placed": _("Legal hold placed"),
        "hold-lifted": _("Legal hold lifted"),
        "erasure-requested": _("Erasure of a person requested"),
        "erasure-rejected": _("Erasure of a person rejected"),
        "erasure-replayed": _("Erasure replayed after a restore (from the erasure ledger)"),
    },
)
