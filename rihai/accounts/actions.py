"""Every change to agencies, users, roles and two-factor devices: one ``do_*`` action each.

Each action is durable-atomic (``rihai.core.actions.action``), re-checks the acting user's
grant on the row it changes (locked), refuses to let anyone change their own access, and
writes its audit row with old and new values (never a password, hash or secret).

``acting_user=None`` is the server itself (demo seeding, management commands); it is
refused on a web or API request. Privileged changes (a role or agency reaching personal
data, the administrator role, personal-data grants, password and two-factor resets) are
filed as requests for a second administrator (``approvals.py``) unless the server runs them.
"""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from rihai.audit import denials
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core import request_context
from rihai.core.actions import action

from .approvals import (  # noqa: F401 - re-exported: every accounts action is found here
    Approval,
    _apply_access,
    _apply_grants,
    _file_request,
    do_approve_request,
    do_reject_request,
    do_request_password_reset,
    do_request_two_factor_reset,
)
from .models import AccessRequest, Agency, RequestKind, Role, User
from .permissions import Action, Resource, Scope
from .privileges import (
    Grant,
    grants_of_role,
    lock_agency,
    lock_role,
    lock_user,
    refuse_own_account,
    refuse_personal_data_for_administrators,
    refuse_system_actor_on_the_web,
    require_grant,
    role_is_privileged,
    widens_personal_data,
)
from .two_factor import (  # noqa: F401 - re-exported
    do_enrol_device,
    do_issue_enrolment_code,
)

AGENCY_FIELDS = {"name", "name_ur", "code", "agency_type", "province", "district", "is_active"}
# Agency fields whose old and new values go into the audit row (names are listed by field only).
AGENCY_AUDITED_VALUES = {"code", "agency_type", "province", "district", "is_active"}
USER_PROFILE_FIELDS = {"username", "first_name", "last_name", "email", "sex", "preferred_language"}


@dataclass(frozen=True)
class Outcome:
    """What a change did: the record, and the request filed for the part needing approval."""

    record: object
    request: AccessRequest | None = None


def _value(value):
    return value.pk if hasattr(value, "pk") else value


def _refuse_unknown(fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({k: _("This field cannot be set here.") for k in sorted(unknown)})


# ---------------------------------------------------------------- agencies


@action
def do_create_agency(*, acting_user, **fields) -> Agency:
    require_grant(acting_user, Resource.AGENCY, Action.CREATE, scope=Scope.ALL)
    _refuse_unknown(fields, AGENCY_FIELDS)
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    record_audit(
        event=AuditEvent.AGENCY_CREATED,
        acting_user=acting_user,
        obj=agency,
        agency_id=agency.pk,
        extra={"type": agency.agency_type},
    )
    return agency


@action
def do_change_agency(*, agency: Agency, acting_user, **fields) -> Agency:
    require_grant(acting_user, Resource.AGENCY, Action.CHANGE)
    _refuse_unknown(fields, AGENCY_FIELDS)
    locked = lock_agency(acting_user, agency.pk)
    changed = {k: v for k, v in fields.items() if _value(getattr(locked, k)) != _value(v)}
    old = {k: _value(getattr(locked, k)) for k in changed if k in AGENCY_AUDITED_VALUES}
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=sorted(changed) or None)
    record_audit(
        event=AuditEvent.AGENCY_CHANGED,
        acting_user=acting_user,
        obj=locked,
        agency_id=locked.pk,
        extra={
            "fields": sorted(changed),
            **{f"{k}_from": v for k, v in old.items()},
            **{f"{k}_to": _value(getattr(locked, k)) for k in old},
        },
    )
    return locked


# ---------------------------------------------------------------- users


def _access_needs_approval(acting_user, role: Role | None) -> bool:
    # The server (a command, the demo seeder) is the second person; on the web it never is.
    return acting_user is not None and role_is_privileged(role)


@action
def do_create_user(
    *, acting_user, username: str, password: str, agency: Agency, role: Role | None, **fields
) -> User:
    """Creates an account. A role reaching personal data (or the administrator role) is
    requested for a second administrator's approval: until then the account has no role
    (``queries.pending_requests()`` lists the request)."""
    require_grant(acting_user, Resource.USER, Action.CREATE)
    _refuse_unknown(fields, USER_PROFILE_FIELDS - {"username"})
    if acting_user is not None:
        lock_agency(acting_user, agency.pk, Action.VIEW)
        if acting_user.scope_for(Resource.USER, Action.CREATE) < Scope.ALL and (
            agency.pk != acting_user.agency_id
        ):
            raise PermissionDenied
    needs_approval = _access_needs_approval(acting_user, role)
    user = User(username=username, agency=agency, role=None if needs_approval else role, **fields)
    user.is_staff = bool(user.role and user.role.code == "administrator")
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    record_audit(
        event=AuditEvent.USER_CREATED,
        acting_user=acting_user,
        obj=user,
        agency_id=agency.pk,
        extra={"role": user.role.code if user.role else None, "is_staff": user.is_staff},
    )
    if needs_approval:
        _file_request(
            kind=RequestKind.CHANGE_ACCESS,
            acting_user=acting_user,
            target_user=user,
            payload={"role": role.pk, "agency": agency.pk},
        )
    return user


@action
def do_change_user(*, user: User, acting_user, **fields) -> Outcome:
    """Changes a user's profile, role, agency or active flag.

    Nobody changes their own role, agency or active flag. Giving a role or agency that
    reaches personal data (or the administrator role) files a request instead of applying.
    """
    return _change_user(user=user, acting_user=acting_user, fields=fields)


def _change_user(*, user: User, acting_user, fields: dict) -> Outcome:
    fields = dict(fields)
    require_grant(acting_user, Resource.USER, Action.CHANGE)
    _refuse_unknown(fields, USER_PROFILE_FIELDS | {"role", "agency", "is_active"})
    locked = lock_user(acting_user, user.pk)
    access = {k: fields.pop(k) for k in ("role", "agency", "is_active") if k in fields}
    access = {k: v for k, v in access.items() if _value(getattr(locked, k)) != _value(v)}
    if access:
        refuse_own_account(acting_user, locked)
    profile = {k: v for k, v in fields.items() if getattr(locked, k) != v}
    if "is_active" in access:
        before = locked.is_active
        locked.is_active = access["is_active"]
        locked.save(update_fields=["is_active"])
        record_audit(
            event=AuditEvent.USER_CHANGED,
            acting_user=acting_user,
            obj=locked,
            agency_id=locked.agency_id,
            extra={"is_active_from": before, "is_active_to": locked.is_active},
        )
    request = None
    if "role" in access or "agency" in access:
        role = access.get("role", locked.role)
        agency = access.get("agency", locked.agency)
        if agency is not None and acting_user is not None:
            lock_agency(acting_user, agency.pk, Action.VIEW)
        if _access_needs_approval(acting_user, role):
            request = _file_request(
                kind=RequestKind.CHANGE_ACCESS,
                acting_user=acting_user,
                target_user=locked,
                payload={"role": _value(role), "agency": _value(agency)},
            )
        else:
            _apply_access(user=locked, role=role, agency=agency, acting_user=acting_user)
    if profile:
        for name, value in profile.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["password"])
        locked.save(update_fields=sorted(profile))
        record_audit(
            event=AuditEvent.USER_CHANGED,
            acting_user=acting_user,
            obj=locked,
            agency_id=locked.agency_id,
            # Staff names and e-mail addresses are personal: the row names the fields only.
            extra={"fields": sorted(profile)},
        )
    return Outcome(record=locked, request=request)


@action
def do_deactivate_user(*, user: User, acting_user) -> User:
    return _change_user(user=user, acting_user=acting_user, fields={"is_active": False}).record


@action
def do_change_own_password(*, acting_user, old_password: str, new_password: str) -> User:
    """A user changes their own password (a two-factor-verified session: see the middleware)."""
    refuse_system_actor_on_the_web(acting_user)
    if acting_user is None or not acting_user.is_authenticated:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=acting_user.pk)
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your old password was entered incorrectly.")})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_audit(event=AuditEvent.PASSWORD_CHANGED, acting_user=user, obj=user)
    return user


@action
def do_create_superuser(*, acting_user, username: str, password: str, agency: Agency) -> User:
    """Only from the server's command line: a superuser can enter the admin for every agency."""
    if acting_user is not None or request_context.current().interface != "cli":
        raise PermissionDenied
    role = Role.objects.get(code="administrator")
    user = User(username=username, agency=agency, role=role, is_staff=True, is_superuser=True)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    record_audit(
        event="superuser-created",
        acting_user=None,
        obj=user,
        agency_id=agency.pk,
        extra={"role": role.code},
    )
    return user


# ---------------------------------------------------------------- roles


def _grant_set(grants) -> set[Grant]:
    return {(str(r), str(a), int(s)) for r, a, s in grants}


def _change_grants(*, role: Role, grants: set[Grant], acting_user) -> AccessRequest | None:
    """Applies a grant change, or files it whole for approval if it widens personal data."""
    refuse_personal_data_for_administrators(role, grants)
    if acting_user is not None and widens_personal_data(grants_of_role(role), grants):
        return _file_request(
            kind=RequestKind.CHANGE_GRANTS,
            acting_user=acting_user,
            target_role=role,
            payload={"grants": sorted([list(g) for g in grants])},
        )
    _apply_grants(role=role, grants=grants, acting_user=acting_user)
    return None


@action
def do_create_role(
    *, acting_user, code: str, name: str, name_ur: str = "", requires_mfa: bool = True, grants=()
) -> Outcome:
    require_grant(acting_user, Resource.USER, Action.CHANGE, scope=Scope.ALL)
    role = Role(code=code, name=name, name_ur=name_ur, requires_mfa=requires_mfa)
    role.full_clean()
    role.save()
    record_audit(
        event="role-created",
        acting_user=acting_user,
        obj=role,
        extra={"role": role.code, "requires_mfa": role.requires_mfa},
    )
    request = _change_grants(role=role, grants=_grant_set(grants), acting_user=acting_user)
    return Outcome(record=role, request=request)


@action
def do_change_role(*, role: Role, acting_user, grants=None, **fields) -> Outcome:
    """Renames a role, switches its two-factor requirement or changes its grants.

    Nobody changes their own role; the administrator role never holds personal-data grants;
    adding or widening a personal-data grant waits for a second administrator.
    """
    _refuse_unknown(fields, {"name", "name_ur", "requires_mfa"})
    locked = lock_role(acting_user, role.pk)
    changed = {k: v for k, v in fields.items() if getattr(locked, k) != v}
    if changed:
        before_mfa = locked.requires_mfa
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save(update_fields=sorted(changed))
        record_audit(
            event=AuditEvent.ROLE_CHANGED,
            acting_user=acting_user,
            obj=locked,
            extra={
                "role": locked.code,
                "fields": sorted(changed),
                "requires_mfa_from": before_mfa,
                "requires_mfa_to": locked.requires_mfa,
            },
        )
    request = None
    if grants is not None:
        request = _change_grants(role=locked, grants=_grant_set(grants), acting_user=acting_user)
    return Outcome(record=locked, request=request)


def record_sign_in(user, *, event: AuditEvent, extra: dict | None = None) -> None:
    """Sign-in events (login, logout, MFA, password change) each get an audit row."""
    record_audit(event=event, acting_user=user, obj=user, extra=extra)


def record_failed_sign_in(username: str) -> None:
    denials.record_failed_sign_in(username=username)
