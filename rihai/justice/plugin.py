"""What the justice app adds: its resources and default grants, audit events, menu, work, demo."""

from django.utils.translation import gettext_lazy as _

from rihai.accounts.permissions import Scope as S
from rihai.core.plugins import DemoSeeder, NavEntry, Retention, RetentionRule, RihaiApp

from .resources import Resource as R

V, C, CH, AP = "view", "create", "change", "approve"

EVENTS = {
    "investigation-opened": _("Investigation opened"),
    "stage-recorded": _("Investigation stage recorded"),
    "offence-charged": _("Offence charged"),
    "victim-linked": _("Victim's case linked to an investigation"),
    "protection-changed": _("Victim-witness protection measures changed"),
    "hearing-scheduled": _("Hearing scheduled"),
    "outcome-recorded": _("Prosecution outcome recorded"),
    "compensation-paid": _("Compensation payment recorded"),
    "evidence-added": _("Evidence item added"),
    "custody-recorded": _("Chain of custody entry recorded"),
    "suspect-accused": _("Suspect named in an investigation"),
    "suspect-link-decided": _("Suspect link confirmed or rejected"),
    "recruiter-link-decided": _("Suspect linked to (or ruled out of) a survivor's account"),
    "accused-status-recorded": _("Accused's status recorded"),
    "offences-loaded": _("Offences catalogue loaded"),
}

APP = RihaiApp(
    label="justice",
    resources={r.value: r.label for r in R},
    personal_data=frozenset({R.INVESTIGATION, R.JUSTICE_SUMMARY}),
    grants={
        "investigator": [(R.INVESTIGATION, a, S.AGENCY) for a in (V, C, CH)]
        + [(R.OFFENCE, V, S.ALL), (R.JUSTICE_SUMMARY, V, S.AGENCY)],
        "supervisor": [(R.INVESTIGATION, a, S.AGENCY) for a in (V, AP)]
        + [(R.OFFENCE, V, S.ALL), (R.JUSTICE_SUMMARY, V, S.AGENCY)],
        # A case worker sees only the stage and next hearing of investigations linked to the
        # cases they may see; the scope of the case decides which.
        "case-worker": [(R.OFFENCE, V, S.ALL), (R.JUSTICE_SUMMARY, V, S.OWN)],
    },
    audit_events=EVENTS,
    nav=[
        NavEntry(
            _("Investigations"),
            "justice:list",
            R.INVESTIGATION,
            _("Investigations and prosecutions: stages, offences, suspects, evidence, hearings."),
            order=20,
        ),
        NavEntry(
            _("Offences"),
            "justice:offences",
            R.OFFENCE,
            _("The laws and sections charged in trafficking and smuggling cases."),
            order=60,
        ),
    ],
    work="rihai.justice.delays.work_items",
    # docs/operations.md, "Retention and erasure": periods and their (unverified) reasoning.
    retention=Retention(
        rules=[
            RetentionRule(
                code="justice.suspect",
                label=_("Suspect's identifiers (convicted, or not cleared)"),
                default_days=3650,
                disposal="anonymise",
                clock=_(
                    "the day the last investigation naming them was over: judged, and the "
                    "appeal window passed"
                ),
                candidates="rihai.justice.retention.expired_suspects",
                dispose="rihai.justice.retention.anonymise_suspect",
                lock="rihai.justice.retention.lock_suspect",
                held="rihai.justice.retention.held_suspects",
                basis=_(
                    "A trafficker released after a sentence may recruit again; a new "
                    "prosecution needs to find the earlier one."
                ),
            ),
            RetentionRule(
                code="justice.suspect-cleared",
                label=_("Suspect's identifiers (acquitted, discharged or never accused)"),
                default_days=1095,
                disposal="anonymise",
                clock=_(
                    "the day the last investigation naming them was over; a suspect never "
                    "named in an investigation, from the day they were recorded"
                ),
                candidates="rihai.justice.retention.expired_cleared_suspects",
                dispose="rihai.justice.retention.anonymise_cleared_suspect",
                lock="rihai.justice.retention.lock_suspect",
                held="rihai.justice.retention.held_suspects",
                basis=_(
                    "Someone a court cleared is presumed innocent; their name is kept only "
                    "as long as a related case may still be reopened."
                ),
            ),
            RetentionRule(
                code="justice.investigation",
                label=_("Concluded investigation's free text (sentence, evidence, notes)"),
                default_days=3650,
                disposal="anonymise",
                clock=_("the day it was over: judged, and the appeal window passed"),
                candidates="rihai.justice.retention.expired_investigations",
                dispose="rihai.justice.retention.anonymise_investigation",
                lock="rihai.justice.retention.lock_investigation",
                basis=_(
                    "As long as its suspects' identifiers: a later prosecution of the same "
                    "network reads what was proved; the judgment itself is the court's record."
                ),
            ),
        ]
    ),
    demo=DemoSeeder(
        seed="rihai.justice.demo.seed", after=("accounts", "cases"), sizes={"small": 12, "full": 60}
    ),
)
