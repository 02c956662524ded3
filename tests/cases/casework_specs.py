"""Specs of the case work actions (rihai.cases.actions.casework) for the action contract test."""

from datetime import timedelta

from django.utils import timezone

from rihai.cases.actions import casework as ca
from tests.action_contract import ActionSpec, the_result

from .casework_helpers import tiny_png

P = "rihai.cases.actions.casework."


def _cases(t):
    mine = t.case(user=t.fia_case_worker)
    person = t.person(t.ngo_case_worker, name_roman="Nargis Demo")
    theirs = t.case(user=t.ngo_case_worker, person=person)
    return mine, theirs


def add_note(t):
    mine, theirs = _cases(t)
    call = {"kind": "visit", "text": "Demo visit", "acting_user": t.fia_case_worker}
    return ActionSpec(
        allowed={"case": mine, **call},
        other_agency={"case": theirs, **call},
        event="note-added",
        audited_object=the_result,
    )


def add_document(t):
    mine, theirs = _cases(t)
    call = {"title": "Demo photo", "data": tiny_png(), "acting_user": t.fia_case_worker}
    return ActionSpec(
        allowed={"case": mine, **call},
        other_agency={"case": theirs, **call},
        event="document-added",
        audited_object=the_result,
    )


def add_task(t):
    mine, theirs = _cases(t)
    call = {
        "title": "Demo follow-up",
        "due_on": timezone.localdate() + timedelta(days=3),
        "acting_user": t.fia_case_worker,
    }
    return ActionSpec(
        allowed={"case": mine, "assigned_to": t.fia_case_worker, **call},
        other_agency={"case": theirs, "assigned_to": t.ngo_case_worker, **call},
        event="task-added",
        audited_object=the_result,
    )


def _tasks(t):
    mine, theirs = _cases(t)
    due = timezone.localdate() + timedelta(days=3)
    my_task = ca.do_add_task(
        case=mine,
        title="Demo",
        due_on=due,
        assigned_to=t.fia_case_worker,
        acting_user=t.fia_case_worker,
    )
    their_task = ca.do_add_task(
        case=theirs,
        title="Demo",
        due_on=due,
        assigned_to=t.ngo_case_worker,
        acting_user=t.ngo_case_worker,
    )
    return my_task, their_task


def set_task_done(t):
    mine, theirs = _tasks(t)
    return ActionSpec(
        allowed={"task": mine, "done": True, "acting_user": t.fia_case_worker},
        other_agency={"task": theirs, "done": True, "acting_user": t.fia_case_worker},
        event="task-done",
        audited_object=the_result,
    )


def raise_flag(t):
    mine, theirs = _cases(t)
    call = {
        "kind": "interpreter",
        "reason": "Demo: speaks Pashto",
        "acting_user": t.fia_case_worker,
    }
    return ActionSpec(
        allowed={"case": mine, **call},
        other_agency={"case": theirs, **call},
        event="flag-raised",
        audited_object=the_result,
    )


def lift_flag(t):
    mine, theirs = _cases(t)
    my_flag = ca.do_raise_flag(
        case=mine, kind="security", reason="Demo", acting_user=t.fia_case_worker
    )
    their_flag = ca.do_raise_flag(
        case=theirs, kind="security", reason="Demo", acting_user=t.ngo_case_worker
    )
    call = {"reason": "Demo: moved away", "acting_user": t.fia_case_worker}
    return ActionSpec(
        allowed={"flag": my_flag, **call},
        other_agency={"flag": their_flag, **call},
        event="flag-lifted",
        audited_object=the_result,
    )


SPECS = {
    P + "do_add_note": add_note,
    P + "do_add_document": add_document,
    P + "do_add_task": add_task,
    P + "do_set_task_done": set_task_done,
    P + "do_raise_flag": raise_flag,
    P + "do_lift_flag": lift_flag,
}
