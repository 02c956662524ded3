"""Specs of the operations actions (holds, erasure requests) and of the cases app's
``do_erase_person`` for tests/foundation/test_action_contract.py: FIA users act on an FIA
person (allowed) and on the NGO's person (not found, nothing changes)."""

from rihai.ops.actions import do_place_hold, do_request_erasure
from tests.action_contract import ActionSpec, the_result

P = "rihai.ops.actions."


def _persons(t):
    mine = t.person(t.fia_case_worker, cnic="35202-1111111-1")
    t.case(user=t.fia_case_worker, person=mine)
    theirs = t.person(t.ngo_case_worker, name_roman="Nargis Demo", cnic="42101-3333333-3")
    t.case(user=t.ngo_case_worker, person=theirs)
    return mine, theirs


def place_hold(t):
    mine, theirs = _persons(t)
    call = {"record_type": "cases.person", "reason": "FIR 1/2027", "acting_user": t.fia_supervisor}
    return ActionSpec(
        allowed={**call, "object_id": mine.pk},
        other_agency={**call, "object_id": theirs.pk},
        other_records=[theirs],
        event="hold-placed",
        audited_object=the_result,
    )


def lift_hold(t):
    mine, theirs = _persons(t)
    hold = {"record_type": "cases.person", "reason": "FIR 1/2027"}
    my_hold = do_place_hold(**hold, object_id=mine.pk, acting_user=t.fia_supervisor)
    their_hold = do_place_hold(**hold, object_id=theirs.pk, acting_user=t.ngo_supervisor)
    return ActionSpec(
        allowed={"hold": my_hold, "reason": "Judgment final", "acting_user": t.fia_supervisor},
        other_agency={
            "hold": their_hold,
            "reason": "Judgment final",
            "acting_user": t.fia_supervisor,
        },
        event="hold-lifted",
        audited_object=the_result,
    )


def request_erasure(t):
    mine, theirs = _persons(t)
    return ActionSpec(
        allowed={"person": mine, "basis": "not-a-victim", "acting_user": t.fia_case_worker},
        other_agency={"person": theirs, "basis": "not-a-victim", "acting_user": t.fia_case_worker},
        event="erasure-requested",
        audited_object=the_result,
    )


def _requests(t):
    mine, theirs = _persons(t)
    basis = {"basis": "consent-withdrawn"}
    mine_request = do_request_erasure(person=mine, acting_user=t.fia_case_worker, **basis)
    their_request = do_request_erasure(person=theirs, acting_user=t.ngo_case_worker, **basis)
    return mine_request, their_request, theirs


def reject_erasure(t):
    mine_request, their_request, theirs = _requests(t)
    return ActionSpec(
        allowed={"request": mine_request, "acting_user": t.fia_supervisor},
        other_agency={"request": their_request, "acting_user": t.fia_supervisor},
        other_records=[theirs],
        event="erasure-rejected",
        audited_object=the_result,
    )


def erase_person(t):
    """rihai.cases.erasure.do_erase_person (listed in tests/cases/action_specs.py)."""
    mine_request, their_request, theirs = _requests(t)
    return ActionSpec(
        allowed={"request": mine_request, "acting_user": t.fia_supervisor},
        other_agency={"request": their_request, "acting_user": t.fia_supervisor},
        other_records=[theirs],
        event="person-erased",
        audited_object=the_result,
    )


SPECS = {
    P + "do_place_hold": place_hold,
    P + "do_lift_hold": lift_hold,
    P + "do_request_erasure": request_erasure,
    P + "do_reject_erasure": reject_erasure,
}
