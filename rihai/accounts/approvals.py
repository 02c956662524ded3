"""The two-person rule: privileged changes are filed as requests and applied on approval.

Administrator A files a request (``_file_request``, called by the actions in ``actions.py``);
administrator B (never A, never the person it concerns) approves it with
``do_approve_request``, which re-checks everything at that moment and applies it. A server
operator may approve from the command line (``manage.py approve_request``) where no second
administrator exists; that approval is audited with interface "cli".
"""

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .access import RecordNotFound
from .events import AccountEvent
from .models import AccessRequest, Agency, RequestKind, RequestStatus, Role, RolePermission, User
from .permissions import Action, Resource
from .privileges import (
    ADMINISTRATOR,
    Grant,
    grant_label,
    grants_of_role,
    lock_role,
    lock_user,
    refuse_own_account,
    refuse_personal_data_for_administrators,
    refuse_system_actor_on_the_web,
    require_grant,
    role_is_privileged,
)


@dataclass(frozen=True)
class Approval:
    request: AccessRequest
    # A password reset's new password, shown once to the approver to hand to the user.
    temporary_password: str | None = None
    # A role given its first personal-data grant: each member's new password, likewise.
    member_passwords: dict = field(default_factory=dict)


# ---------------------------------------------------------------- filing


def _file_request(
    *, kind: str, acting_user, target_user=None, target_role=None, payload=None
) -> AccessRequest:
    """Records a pending request and its audit row (inside the calling action's transaction)."""
    request = AccessRequest.objects.create(
        kind=kind,
        requested_by=acting_user,
        target_user=target_user,
        target_role=target_role,
        payload=payload or {},
    )
    record_audit(
        event=AccountEvent.ACCESS_REQUESTED,
        acting_user=acting_user,
        obj=request,
        agency_id=target_user.agency_id if target_user else None,
        extra={
            "kind": kind,
            "user": target_user.pk if target_user else None,
            "role": target_role.pk if target_role else None,
        },
    )
    return request


@action
def do_request_password_reset(*, user: User, acting_user) -> AccessRequest:
    """Asks a second administrator to give ``user`` a new password."""
    require_grant(acting_user, Resource.USER, Action.CHANGE)
    user = lock_user(acting_user, user.pk)
    refuse_own_account(acting_user, user)
    return _file_request(kind=RequestKind.RESET_PASSWORD, acting_user=acting_user, target_user=user)


@action
def do_request_two_factor_reset(*, user: User, acting_user) -> AccessRequest:
    """Asks a second administrator to remove ``user``'s two-factor devices (a lost phone)."""
    require_grant(acting_user, Resource.USER, Action.CHANGE)
    user = lock_user(acting_user, user.pk)
    refuse_own_account(acting_user, user)
    return _file_request(
        kind=RequestKind.RESET_TWO_FACTOR, acting_user=acting_user, target_user=user
    )


# ---------------------------------------------------------------- applying


def _apply_access(*, user: User, role: Role | None, agency: Agency | None, acting_user) -> None:
    """Sets a user's role and agency; is_staff follows the role (the admin is for administrators)."""
    before = {"role": user.role.code if user.role_id else None, "agency": user.agency_id}
    user.role = role
    user.agency = agency
    user.is_staff = bool(role and role.code == ADMINISTRATOR) or user.is_superuser
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "agency", "is_staff"])
    user._grants_cache = None
    record_audit(
        event=AuditEvent.USER_CHANGED,
        acting_user=acting_user,
        obj=user,
        agency_id=user.agency_id,
        extra={
            "role_from": before["role"],
            "role_to": role.code if role else None,
            "agency_from": before["agency"],
            "agency_to": agency.pk if agency else None,
            "is_staff": user.is_staff,
        },
    )


def _apply_grants(*, role: Role, grants: set[Grant], acting_user) -> None:
    refuse_personal_data_for_administrators(role, grants)
    before = grants_of_role(role)
    if before == grants:
        return
    RolePermission.objects.filter(role=role).delete()
    rows = [RolePermission(role=role, resource=r, action=a, scope=s) for r, a, s in grants]
    for row in rows:
        row.full_clean(exclude=["role"])
    RolePermission.objects.bulk_create(rows)
    record_audit(
        event=AuditEvent.ROLE_CHANGED,
        acting_user=acting_user,
        obj=role,
        extra={
            "role": role.code,
            "added": sorted(grant_label(g) for g in grants - before),
            "removed": sorted(grant_label(g) for g in before - grants),
        },
    )


def _reset_password(*, user: User, acting_user) -> str:
    # Random, never chosen by the requester: neither administrator alone can sign in as the
    # user. The approver sees it once and hands it to the user in person.
    password = secrets.token_urlsafe(15)
    user.set_password(password)  # changes the session hash: the user's sessions end
    user.save(update_fields=["password"])
    record_audit(
        event=AccountEvent.PASSWORD_RESET,
        acting_user=acting_user,
        obj=user,
        agency_id=user.agency_id,
    )
    return password


def _reset_two_factor(*, user: User, acting_user) -> None:
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    record_audit(
        event=AccountEvent.MFA_RESET,
        acting_user=acting_user,
        obj=user,
        agency_id=user.agency_id,
        extra={"devices_removed": removed},
    )


# ---------------------------------------------------------------- deciding


def _lock_pending(request_id, acting_user) -> AccessRequest:
    refuse_system_actor_on_the_web(acting_user)
    request = AccessRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise RecordNotFound
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    if request.is_expired:
        raise ValidationError(_("This request has expired; file it again."))
    if acting_user is not None and request.requested_by_id == acting_user.pk:
        raise ValidationError(_("A second administrator must decide your own request."))
    return request


@action
def do_approve_request(*, request: AccessRequest, acting_user) -> Approval:
    """Applies a pending request. The approver must be a different administrator who could
    make the change themselves, and must not be the person or hold the role it concerns."""
    require_grant(acting_user, Resource.USER, Action.CHANGE)
    request = _lock_pending(request.pk, acting_user)
    temporary_password = None
    member_passwords = {}
    if request.kind == RequestKind.CHANGE_GRANTS:
        role = lock_role(acting_user, request.target_role_id)  # refuses the approver's own role
        grants = {(r, a, int(s)) for r, a, s in request.payload["grants"]}
        was_privileged = role_is_privileged(role)
        _apply_grants(role=role, grants=grants, acting_user=acting_user)
        if not was_privileged and role_is_privileged(role):
            # Its members reach personal data from now on, unapproved one by one, with
            # passwords an administrator may know (whoever created the account chose it):
            # each gets a new one, shown once to the approver.
            members = User.objects.select_for_update().filter(role=role).order_by("username")
            member_passwords = {
                member: _reset_password(user=member, acting_user=acting_user) for member in members
            }
    else:
        user = lock_user(acting_user, request.target_user_id)
        refuse_own_account(acting_user, user)
        if request.kind == RequestKind.CHANGE_ACCESS:
            role = Role.objects.filter(pk=request.payload.get("role")).first()
            agency = Agency.objects.filter(pk=request.payload.get("agency")).first()
            was_privileged = role_is_privileged(user.role)
            _apply_access(user=user, role=role, agency=agency, acting_user=acting_user)
            if user.last_login is None or (not was_privileged and role_is_privileged(role)):
                # The password of an account that did not reach personal data may be known to
                # an administrator: whoever created it chose it, and may have signed in as it
                # with its harmless role. Replace it, so nobody but the person holds the
                # account that now reaches personal data (or administers).
                temporary_password = _reset_password(user=user, acting_user=acting_user)
        elif request.kind == RequestKind.RESET_PASSWORD:
            temporary_password = _reset_password(user=user, acting_user=acting_user)
        elif request.kind == RequestKind.RESET_TWO_FACTOR:
            _reset_two_factor(user=user, acting_user=acting_user)
        else:  # pragma: no cover - a kind added without its handler
            raise ValidationError(_("Unknown request."))
    request.status = RequestStatus.APPROVED
    request.decided_by = acting_user
    request.decided_on = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_on"])
    record_audit(
        event=AccountEvent.ACCESS_APPROVED,
        acting_user=acting_user,
        obj=request,
        extra={"kind": request.kind, "requested_by": request.requested_by_id},
    )
    return Approval(
        request=request, temporary_password=temporary_password, member_passwords=member_passwords
    )


@action
def do_reject_request(*, request: AccessRequest, acting_user) -> AccessRequest:
    require_grant(acting_user, Resource.USER, Action.CHANGE)
    request = AccessRequest.objects.select_for_update().filter(pk=request.pk).first()
    if request is None:
        raise RecordNotFound
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    if request.target_user_id and acting_user is not None:
        lock_user(acting_user, request.target_user_id)  # within the rejecter's scope
    request.status = RequestStatus.REJECTED
    request.decided_by = acting_user  # the requester may withdraw their own request
    request.decided_on = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_on"])
    record_audit(
        event=AccountEvent.ACCESS_REJECTED,
        acting_user=acting_user,
        obj=request,
        extra={"kind": request.kind, "requested_by": request.requested_by_id},
    )
    return request
