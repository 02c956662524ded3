"""Specs of the cases actions for tests/foundation/test_action_contract.py.

Each spec builds a world with the test's helpers (``CaseTestCase``: FIA in Punjab, an NGO in
Sindh, every role at each) and returns an allowed call by an FIA user, and the same call by
that user on the NGO's record.
"""

from rihai.cases import actions
from tests.action_contract import ActionSpec, key, refused_with, the_kwarg, the_result
from tests.base import make_user

from .casework_specs import SPECS as CASEWORK_SPECS


def _case_of(result, _kwargs):
    return result.case


def _theirs(t):
    """A case (with its person) of the other agency."""
    person = t.person(
        t.ngo_case_worker,
        name_roman="Nargis Demo",
        cnic="42101-3333333-3",
        duplicate_acknowledged=True,
    )
    return t.case(user=t.ngo_case_worker, person=person), person


def _mine(t):
    person = t.person(t.fia_case_worker, cnic="35202-1111111-1", duplicate_acknowledged=True)
    return t.case(user=t.fia_case_worker, person=person), person


def _on_a_case(t, *, event, audited_object=_case_of, acting_user=None, refused_user=None, **fields):
    """The call on the FIA's case (by its case worker unless ``acting_user`` says), and the
    same call on the NGO's case (by ``refused_user`` if given)."""
    mine, _p = _mine(t)
    theirs, _tp = _theirs(t)
    acting_user = acting_user or t.fia_case_worker
    return refused_with(
        {"case": mine, "acting_user": acting_user, **fields},
        {"case": theirs, "acting_user": refused_user or acting_user},
        event=event,
        audited_object=audited_object,
    )


def register_person(t):
    return ActionSpec(
        allowed={"acting_user": t.fia_case_worker, "name_roman": "Samina Demo", "sex": "female"},
        event="record-created",
        audited_object=the_result,
        no_record="registers a new person at the acting user's own agency",
    )


def update_person(t):
    _case, mine = _mine(t)
    _their_case, theirs = _theirs(t)
    return refused_with(
        {"person": mine, "acting_user": t.fia_case_worker, "estimated_age": 25},
        {"person": theirs},
        event="record-changed",
        audited_object=the_result,
    )


def merge_persons(t):
    a, b = t.person(t.fia_supervisor), t.person(t.fia_supervisor, name_roman="Sameena Demo")
    _their_case, theirs = _theirs(t)
    return refused_with(
        {"survivor": a, "duplicate": b, "acting_user": t.fia_supervisor},
        {"duplicate": theirs},
        event="record-merged",
        audited_object=the_result,
        other_records=[a],
    )


def reveal_identifier(t):
    _case, mine = _mine(t)
    _their_case, theirs = _theirs(t)
    return refused_with(
        {"person": mine, "field": "cnic", "acting_user": t.fia_case_worker},
        {"person": theirs},
        event="identifier-revealed",
        audited_object=the_kwarg("person"),
    )


def open_case(t):
    mine = t.person(t.fia_case_worker)
    _their_case, theirs = _theirs(t)
    return refused_with(
        {"person": mine, "acting_user": t.fia_case_worker},
        {"person": theirs},
        event="record-created",
        audited_object=the_result,
    )


def register_person_and_open_case(t):
    _their_case, theirs = _theirs(t)
    fields = {"name_roman": "Samina Demo", "sex": "female"}
    return refused_with(
        {"person_fields": fields, "acting_user": t.fia_case_worker},
        # Another agency's person named as family: refused, and no person is left behind.
        {"family": [(theirs, "sister")]},
        event="record-created",
        audited_object=the_result,
    )


def update_case_facts(t):
    return _on_a_case(t, event="record-changed", audited_object=the_result, summary="Demo facts")


def add_family_member(t):
    son = t.person(t.fia_case_worker, name_roman="Imran Demo", sex="male")
    return _on_a_case(t, event="record-changed", person=son, relation="son")


def register_family_member(t):
    fields = {"name_roman": "Imran Demo", "sex": "male"}
    return _on_a_case(t, event="record-changed", person_fields=fields, relation="son")


def reassign_case(t):
    colleague = make_user(t.fia, "case-worker", username="fia-cw-spec")
    return _on_a_case(
        t,
        event="record-changed",
        audited_object=the_result,
        acting_user=t.fia_supervisor,
        assigned_to=colleague,
    )


def set_case_restriction(t):
    mine, _p = _mine(t)
    theirs, _tp = _theirs(t)
    return ActionSpec(
        allowed={
            "case": mine,
            "restriction": "witness",
            "allowed_users": [t.fia_case_worker],
            "acting_user": t.fia_supervisor,
        },
        other_agency={"case": theirs, "restriction": "witness", "acting_user": t.fia_supervisor},
        event="case-restriction-set",
        audited_object=the_result,
    )


def request_status_change(t):
    # Refused even to a supervisor, whose scope is the whole agency.
    return _on_a_case(
        t, event="status-changed", to_status="presumed", refused_user=t.fia_supervisor
    )


def decide_status_change(t):
    from rihai.cases.actions import do_request_status_change

    mine, _p = _mine(t)
    theirs, _tp = _theirs(t)
    change = do_request_status_change(
        case=mine, to_status="closed", reason="Demo", acting_user=t.fia_case_worker
    )
    their_change = do_request_status_change(
        case=theirs, to_status="closed", reason="Demo", acting_user=t.ngo_case_worker
    )
    return refused_with(
        {"change": change, "approve": True, "acting_user": t.fia_supervisor},
        {"change": their_change},
        event="status-changed",
        audited_object=_case_of,
        other_records=[theirs],
    )


def record_screening(t):
    mine, person = _mine(t)
    theirs, their_person = _theirs(t)
    return refused_with(
        {
            "case": mine,
            "person": person,
            "answers": {"act.recruited": False},
            "acting_user": t.fia_case_worker,
        },
        {"case": theirs, "person": their_person},
        event="screening-recorded",
        audited_object=_case_of,
    )


def record_consent(t):
    mine, person = _mine(t)
    theirs, their_person = _theirs(t)
    return refused_with(
        {
            "case": mine,
            "person": person,
            "recipient": t.ngo,
            "purpose": "shelter",
            "acting_user": t.fia_case_worker,
        },
        {"case": theirs, "person": their_person},
        event="consent-recorded",
        audited_object=_case_of,
    )


def revoke_consent(t):
    from rihai.cases.actions import do_record_consent

    mine, person = _mine(t)
    theirs, their_person = _theirs(t)
    consent = do_record_consent(
        case=mine, person=person, recipient=t.ngo, purpose="shelter", acting_user=t.fia_case_worker
    )
    their_consent = do_record_consent(
        case=theirs,
        person=their_person,
        recipient=t.fia,
        purpose="shelter",
        acting_user=t.ngo_case_worker,
    )
    return refused_with(
        {"consent": consent, "acting_user": t.fia_case_worker},
        {"consent": their_consent},
        event="consent-revoked",
        audited_object=_case_of,
    )


def export_htcds_case(t):
    return _on_a_case(
        t,
        event="record-exported",
        audited_object=the_kwarg("case"),
        acting_user=t.fia_supervisor,
        purpose="research",
    )


def import_htcds_case(t):
    document = {
        "standard": "HTCDS",
        "standard_version": "2.0",
        "persons": [{"prs_FirstName": "Kiran", "prs_SecondName": "Demo", "prs_Gender": "Feminine"}],
    }
    return ActionSpec(
        allowed={"document": document, "acting_user": t.fia_case_worker},
        event="record-imported",
        audited_object=the_result,
        no_record="creates persons and a case at the acting user's own agency",
    )


def save_list_columns(t):
    return ActionSpec(
        allowed={"acting_user": t.fia_case_worker, "columns": ["person", "status"]},
        event="list-columns-saved",
        audited_object=the_result,
        no_record="keeps the acting user's own settings",
    )


def save_search(t):
    return ActionSpec(
        allowed={"acting_user": t.fia_case_worker, "name": "Mine", "query": {"mine": "on"}},
        event="search-saved",
        audited_object=the_result,
        no_record="saves a search of the acting user's own",
    )


def delete_search(t):
    from rihai.cases.models import SavedSearch

    mine = SavedSearch.objects.create(user=t.fia_case_worker, name="Mine", query="mine=on")
    theirs = SavedSearch.objects.create(user=t.ngo_case_worker, name="Theirs", query="mine=on")
    return refused_with(
        {"acting_user": t.fia_case_worker, "search": mine},
        {"search": theirs},
        event="search-deleted",
        audited_object=the_kwarg("search"),
    )


def _first_listed_case(_result, kwargs):
    from rihai.cases.models import Case

    return Case.objects.get(pk=kwargs["case_ids"][0])


def export_case_list(t):
    mine, _p = _mine(t)
    theirs, _tp = _theirs(t)
    return refused_with(
        {"acting_user": t.fia_supervisor, "case_ids": [mine.pk], "purpose": "research"},
        {"case_ids": [theirs.pk]},
        event="record-exported",
        audited_object=_first_listed_case,
        other_records=[theirs],
    )


SPECS = {
    key(actions.do_register_person): register_person,
    key(actions.do_update_person): update_person,
    key(actions.do_merge_persons): merge_persons,
    key(actions.do_reveal_identifier): reveal_identifier,
    key(actions.do_open_case): open_case,
    key(actions.do_register_person_and_open_case): register_person_and_open_case,
    key(actions.do_update_case_facts): update_case_facts,
    key(actions.do_add_family_member): add_family_member,
    key(actions.do_register_family_member): register_family_member,
    key(actions.do_reassign_case): reassign_case,
    key(actions.do_set_case_restriction): set_case_restriction,
    key(actions.do_request_status_change): request_status_change,
    key(actions.do_decide_status_change): decide_status_change,
    key(actions.do_record_screening): record_screening,
    key(actions.do_record_consent): record_consent,
    key(actions.do_revoke_consent): revoke_consent,
    key(actions.do_export_htcds_case): export_htcds_case,
    key(actions.do_import_htcds_case): import_htcds_case,
    key(actions.do_save_list_columns): save_list_columns,
    key(actions.do_save_search): save_search,
    key(actions.do_delete_search): delete_search,
    key(actions.do_export_case_list): export_case_list,
}

# The erasure action lives in its own module (rihai/cases/erasure.py); its spec is written
# with the retention tests.
from tests.ops.action_specs import erase_person  # noqa: E402

SPECS["rihai.cases.erasure.do_erase_person"] = erase_person
# The case work actions (notes, documents, tasks, flags): tests/cases/casework_specs.py
SPECS.update(CASEWORK_SPECS)


def record_recruiter(t):
    fields = {"role": "sub-agent", "name_roman": "Shahid Demo", "phone": "0300-1234567"}
    return _on_a_case(t, event="recruiter-recorded", **fields)


SPECS[key(actions.do_record_recruiter)] = record_recruiter
