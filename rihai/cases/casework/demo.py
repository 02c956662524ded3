"""Demo case work on a good share of the demo cases: notes, documents (tiny synthetic PNG and
PDF), tasks (some overdue), flags (some lifted) and a few rejected requests, all through the
actions, so each carries its audit row and shows in the history tab. Fictional, marked Demo."""

from datetime import timedelta

from django.utils import timezone

from rihai.accounts.models import User

from .. import actions
from ..actions import casework as ca
from ..models import Case, CaseTask
from .samples import tiny_pdf, tiny_png

NOTES = [
    ("contact", "Demo: first contact at the help desk; she asked for a woman officer."),
    ("call", "Demo: called to confirm the shelter visit; she will come with her sister."),
    ("visit", "Demo: home visit; the family was cooperative and asked about the FIR."),
    ("observation", "Demo: appeared anxious when the recruiter's village was mentioned."),
    ("call", "Demo: interpreter arranged for Thursday (Pashto)."),
]
CONFIDENTIAL = "Demo (confidential): she named a police constable among the recruiters."
TASKS = [
    "Demo: book the medical examination",
    "Demo: ask NADRA for a replacement CNIC",
    "Demo: follow up with the shelter",
    "Demo: prepare the statement for the prosecutor",
]
FLAGS = [
    ("retrafficking", "Demo: the agent has called her family twice this week."),
    ("no-family-contact", "Demo: her uncle arranged the sale."),
    ("interpreter", "Demo: speaks Balochi only."),
    ("security", "Demo: threats received by SMS."),
]


def _worker(case: Case):
    return case.assigned_to or case.created_by


def seed(*, rng, cases: list[Case], supervisors: dict[int, User]) -> dict:
    counts = {"notes": 0, "documents": 0, "tasks": 0, "flags": 0, "rejected": 0}
    today = timezone.localdate()
    # Fresh rows: the actions moved the cases' status after the caller's copies were made.
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("pk"):
        worker = _worker(case)
        if rng.random() < 0.7:
            for kind, text in rng.sample(NOTES, k=rng.randint(1, 3)):
                ca.do_add_note(case=case, kind=kind, text=text, acting_user=worker)
                counts["notes"] += 1
            if rng.random() < 0.2:
                ca.do_add_note(
                    case=case,
                    kind="contact",
                    text=CONFIDENTIAL,
                    confidential=True,
                    acting_user=worker,
                )
                counts["notes"] += 1
        if rng.random() < 0.35:
            data, title = rng.choice(
                [
                    (tiny_png(), "Demo photo of the CNIC (synthetic)"),
                    (tiny_pdf(), "Demo medical report (synthetic)"),
                ]
            )
            ca.do_add_document(case=case, title=title, data=data, acting_user=worker)
            counts["documents"] += 1
        if rng.random() < 0.5 and case.status != "closed":
            task = ca.do_add_task(
                case=case,
                title=rng.choice(TASKS),
                due_on=today + timedelta(days=rng.randint(0, 14)),
                assigned_to=worker,
                acting_user=worker,
            )
            counts["tasks"] += 1
            roll = rng.random()
            if roll < 0.25:  # overdue: the action refuses a past date, so the demo moves it
                CaseTask.objects.filter(pk=task.pk).update(
                    due_on=today - timedelta(days=rng.randint(1, 10))
                )
            elif roll < 0.45:
                ca.do_set_task_done(task=task, done=True, acting_user=worker)
        if rng.random() < 0.3:
            kind, reason = rng.choice(FLAGS)
            flag = ca.do_raise_flag(case=case, kind=kind, reason=reason, acting_user=worker)
            counts["flags"] += 1
            if rng.random() < 0.2:
                ca.do_lift_flag(
                    flag=flag, reason="Demo: risk reassessed at review", acting_user=worker
                )
        supervisor = supervisors.get(case.agency_id)
        if case.status == "assistance" and supervisor and rng.random() < 0.25:
            change = actions.do_request_status_change(
                case=case,
                to_status="closed",
                reason="Demo: support plan completed",
                acting_user=worker,
            )
            if change.decision == "pending" and change.requested_by_id != supervisor.pk:
                actions.do_decide_status_change(
                    change=change,
                    approve=False,
                    reason="Demo: the discharge checklist is not complete yet",
                    acting_user=supervisor,
                )
                counts["rejected"] += 1
    return counts
