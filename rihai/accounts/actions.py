"""State changes for agencies and users; each writes its audit row in the same transaction."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from rihai.audit import denials
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from .models import Agency, Role, User


@transaction.atomic
def do_create_agency(*, acting_user, **fields) -> Agency:
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


@transaction.atomic
def do_create_user(
    *, acting_user, username: str, password: str, agency: Agency, role: Role, **fields
) -> User:
    user = User(username=username, agency=agency, role=role, **fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    record_audit(
        event=AuditEvent.USER_CREATED,
        acting_user=acting_user,
        obj=user,
        agency_id=agency.pk,
        extra={"role": role.code},
    )
    return user


@transaction.atomic
def do_change_user_role(user: User, *, role: Role, acting_user) -> User:
    previous = user.role.code if user.role_id else None
    user.role = role
    user.save(update_fields=["role"])
    record_audit(
        event=AuditEvent.USER_CHANGED,
        acting_user=acting_user,
        obj=user,
        agency_id=user.agency_id,
        extra={"role_from": previous, "role_to": role.code},
    )
    return user


@transaction.atomic
def do_deactivate_user(user: User, *, acting_user) -> User:
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_audit(
        event=AuditEvent.USER_CHANGED,
        acting_user=acting_user,
        obj=user,
        agency_id=user.agency_id,
        extra={"is_active": False},
    )
    return user


def record_sign_in(user, *, event: AuditEvent, extra: dict | None = None) -> None:
    """Sign-in events (login, logout, MFA, password change) each get an audit row."""
    record_audit(event=event, acting_user=user, obj=user, extra=extra)


def record_failed_sign_in(username: str) -> None:
    denials.record_failed_sign_in(username=username)
