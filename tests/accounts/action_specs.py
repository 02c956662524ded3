"""Specs of the accounts actions for the action contract (tests/action_contract.py).

Administrators hold users, agencies and roles at every agency's scope, so most refusals here
are a role without the grant (``PermissionDenied``), or the rules that no grant lifts: nobody
changes their own access, the person who asked is not the one who approves, a superuser is
made only from the server's command line. Where a grant is scoped by agency (a supervisor
issuing an enrolment code) the refusal is another agency's user (``RecordNotFound``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts import approvals, two_factor
from rihai.accounts.models import AccessRequest, AgencyType, Role
from rihai.core.request_context import acting_through
from tests.action_contract import ActionSpec, refused_with, the_kwarg, the_result

P = "rihai.accounts."
PASSWORD = "test-pass-123456"


def _record(result, _kwargs):
    return result.record


def _administrators_only(
    t, refused_user, *, event, audited_object=the_result, renamed=None, **call
):
    """An administrator's call, and the same call by ``refused_user`` (who lacks the grant)
    refused with PermissionDenied; ``renamed`` changes a unique field of the refused call, so
    that only the grant can refuse it."""
    return refused_with(
        {"acting_user": t.fia_administrator, **call},
        {"acting_user": refused_user, **(renamed or {})},
        event=event,
        audited_object=audited_object,
        refusal=PermissionDenied,
    )


def create_agency(t):
    return _administrators_only(
        t,
        t.fia_supervisor,
        event="agency-created",
        renamed={"code": "SPECX"},
        name="Spec Shelter Multan",
        code="SPECM",
        agency_type=AgencyType.NGO,
        province=t.punjab,
    )


def change_agency(t):
    return _administrators_only(
        t, t.ngo_supervisor, event="agency-changed", agency=t.ngo, name_ur="این جی او"
    )


def create_user(t):
    return _administrators_only(
        t,
        t.fia_supervisor,
        event="user-created",
        renamed={"username": "spec-refused"},
        username="spec-new-analyst",
        password="a-long-spec-password-42",
        agency=t.ngo,
        role=Role.objects.get(code="analyst"),
    )


def change_user(t):
    return _administrators_only(
        t,
        t.ngo_supervisor,
        event="user-changed",
        audited_object=_record,
        user=t.ngo_analyst,
        first_name="Spec",
    )


def deactivate_user(t):
    return refused_with(
        {"user": t.ngo_analyst, "acting_user": t.fia_administrator},
        # Nobody switches off their own account, administrator or not.
        {"user": t.fia_administrator},
        event="user-changed",
        audited_object=the_result,
        refusal=ValidationError,
    )


def change_own_password(t):
    allowed = {
        "acting_user": t.fia_analyst,
        "old_password": PASSWORD,
        "new_password": "another-long-spec-pass-7",
    }
    return refused_with(
        allowed,
        {"acting_user": t.ngo_analyst, "old_password": "not-the-one"},
        event="password-changed",
        audited_object=the_result,
        refusal=ValidationError,
    )


def create_superuser(t):
    allowed = {
        "acting_user": None,
        "username": "spec-root",
        "password": "a-long-spec-password-99",
        "agency": t.fia,
    }
    t.enterContext(acting_through("cli"))
    return refused_with(
        allowed,
        # Never by a signed-in person, even an administrator.
        {"acting_user": t.fia_administrator, "username": "spec-no"},
        event="superuser-created",
        audited_object=the_result,
        refusal=PermissionDenied,
    )


def create_role(t):
    return _administrators_only(
        t,
        t.fia_supervisor,
        event="role-created",
        audited_object=_record,
        renamed={"code": "spec-refused"},
        code="spec-role",
        name="Spec role",
    )


def change_role(t):
    analyst = Role.objects.get(code="analyst")
    administrator = Role.objects.get(code="administrator")
    return ActionSpec(
        allowed={
            "role": analyst,
            "acting_user": t.fia_administrator,
            "name_ur": "تجزیہ کار (جانچ)",
        },
        event="role-changed",
        audited_object=_record,
        # Nobody changes their own role.
        other_agency={"role": administrator, "acting_user": t.fia_administrator, "name": "X"},
        other_records=[administrator],
        refusal=ValidationError,
    )


def request_password_reset(t):
    return _administrators_only(t, t.ngo_supervisor, event="access-requested", user=t.ngo_analyst)


def request_two_factor_reset(t):
    return _administrators_only(
        t, t.fia_case_worker, event="access-requested", user=t.ngo_case_worker
    )


def _pending(t) -> AccessRequest:
    return approvals.do_request_password_reset(user=t.ngo_analyst, acting_user=t.fia_administrator)


def approve_request(t):
    request = _pending(t)
    return refused_with(
        {"request": request, "acting_user": t.ngo_administrator},
        # The administrator who asked is not the second person.
        {"acting_user": t.fia_administrator},
        event="access-approved",
        audited_object=lambda result, _kwargs: result.request,
        other_records=[request],
        refusal=ValidationError,
    )


def reject_request(t):
    request = _pending(t)
    return refused_with(
        {"request": request, "acting_user": t.ngo_administrator},
        {"acting_user": t.ngo_supervisor},
        event="access-rejected",
        audited_object=the_result,
        other_records=[request],
        refusal=PermissionDenied,
    )


def issue_enrolment_code(t):
    return refused_with(
        {"user": t.fia_analyst, "acting_user": t.fia_supervisor},
        # A supervisor issues codes to their own agency's people only.
        {"user": t.ngo_analyst},
        event="enrolment-code-issued",
        audited_object=the_kwarg("user"),
    )


def enrol_device(t):
    issued, _code = two_factor.do_issue_enrolment_code(
        user=t.fia_analyst, acting_user=t.fia_supervisor
    )
    mine = TOTPDevice.objects.create(user=t.fia_analyst, name="spec", confirmed=False)
    theirs = TOTPDevice.objects.create(user=t.ngo_analyst, name="spec", confirmed=False)
    return refused_with(
        {"device": mine, "enrolment_code": issued, "acting_user": t.fia_analyst},
        # Another person's device is not found.
        {"device": theirs},
        event="mfa-enrolled",
        audited_object=lambda _result, kwargs: kwargs["acting_user"],
        other_records=[theirs, issued],
    )


SPECS = {
    P + "actions.do_create_agency": create_agency,
    P + "actions.do_change_agency": change_agency,
    P + "actions.do_create_user": create_user,
    P + "actions.do_change_user": change_user,
    P + "actions.do_deactivate_user": deactivate_user,
    P + "actions.do_change_own_password": change_own_password,
    P + "actions.do_create_superuser": create_superuser,
    P + "actions.do_create_role": create_role,
    P + "actions.do_change_role": change_role,
    P + "approvals.do_request_password_reset": request_password_reset,
    P + "approvals.do_request_two_factor_reset": request_two_factor_reset,
    P + "approvals.do_approve_request": approve_request,
    P + "approvals.do_reject_request": reject_request,
    P + "two_factor.do_issue_enrolment_code": issue_enrolment_code,
    P + "two_factor.do_enrol_device": enrol_device,
}
