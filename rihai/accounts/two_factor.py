"""Two-factor enrolment: one-time codes issued by an administrator or supervisor, and the
enrolment that consumes one. Device resets go through the two-person rule (``approvals.py``).
"""

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent, AuditLog
from rihai.core.actions import action

from .access import RecordNotFound
from .events import AccountEvent
from .models import EnrolmentCode, User
from .privileges import refuse_system_actor_on_the_web
from .queries import enrolment_code_candidates

# No 0/O or 1/I/L: the code is read aloud or copied from paper.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # about 59 bits: out of reach of guessing, even without a lockout


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def matching_enrolment_code(user: User, code: str) -> EnrolmentCode | None:
    """The usable code of ``user`` that ``code`` matches, or None."""
    wanted = _normalise(code)
    if len(wanted) != CODE_LENGTH:
        return None
    for candidate in EnrolmentCode.objects.filter(
        user=user, used_on__isnull=True, expires_on__gt=timezone.now()
    ):
        if check_password(wanted, candidate.code_hash):
            return candidate
    return None


def usable_enrolment_code(user: User, code_id) -> EnrolmentCode | None:
    """The code with this id if it is ``user``'s and still usable (unused, unexpired)."""
    if not code_id:
        return None
    return EnrolmentCode.objects.filter(
        pk=code_id, user=user, used_on__isnull=True, expires_on__gt=timezone.now()
    ).first()


def _was_shown_the_password(issuer, user: User) -> bool:
    """True if ``issuer`` approved the reset that gave ``user`` their current password.

    That approver holds the password until the user changes it; with an enrolment code too
    they would hold the whole account. The code comes from someone else.
    """
    rows = AuditLog.objects.filter(object_type="accounts.user", object_id=str(user.pk))
    reset = rows.filter(event=AccountEvent.PASSWORD_RESET).order_by("-id").first()
    if reset is None or reset.acting_user_id != issuer.pk:
        return False
    changed = rows.filter(event=AuditEvent.PASSWORD_CHANGED, acting_user=user, id__gt=reset.pk)
    return not changed.exists()


@action
def do_issue_enrolment_code(*, user: User, acting_user) -> tuple[EnrolmentCode, str]:
    """A new single-use code for ``user``'s next two-factor enrolment; returns it once.

    Issued by an administrator who may change the user, or a supervisor of the user's
    agency; never to oneself, nor by the approver who was shown the user's new password. Earlier unused codes of the user stop working.
    """
    refuse_system_actor_on_the_web(acting_user)
    rows = User.objects.select_for_update()
    if acting_user is not None:
        rows = enrolment_code_candidates(acting_user).select_for_update(of=("self",))
    user = rows.filter(pk=user.pk, is_active=True).first()
    if user is None:
        raise RecordNotFound
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(
            _("This user already has a two-factor device; request a two-factor reset first.")
        )
    if acting_user is not None and _was_shown_the_password(acting_user, user):
        raise ValidationError(
            _("You were shown this user's new password: someone else issues their code.")
        )
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_on__isnull=True).update(expires_on=now)
    code = _new_code()
    issued = EnrolmentCode.objects.create(
        user=user, code_hash=make_password(_normalise(code)), issued_by=acting_user
    )
    record_audit(
        event=AccountEvent.ENROLMENT_CODE_ISSUED,
        acting_user=acting_user,
        obj=user,
        agency_id=user.agency_id,
        extra={"code": issued.pk},
    )
    return issued, code


@action
def do_enrol_device(
    *, device: TOTPDevice, enrolment_code: EnrolmentCode, acting_user
) -> TOTPDevice:
    """Confirms ``acting_user``'s own new device, consuming their enrolment code (which the
    user proved by typing it: ``matching_enrolment_code``).

    The caller has already checked the device's first six-digit code (``verify_token``).
    """
    if acting_user is None or not acting_user.is_authenticated:
        raise PermissionDenied
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=acting_user).first()
    if device is None:
        raise RecordNotFound
    if TOTPDevice.objects.filter(user=acting_user, confirmed=True).exists():
        raise ValidationError(_("You already have a two-factor device."))
    code = (
        EnrolmentCode.objects.select_for_update()
        .filter(pk=enrolment_code.pk, user=acting_user, used_on__isnull=True)
        .filter(expires_on__gt=timezone.now())
        .first()
    )
    if code is None:
        raise ValidationError({"enrolment_code": _("This enrolment code is not valid.")})
    code.used_on = timezone.now()
    code.save(update_fields=["used_on"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_audit(
        event=AuditEvent.MFA_ENROLLED,
        acting_user=acting_user,
        obj=acting_user,
        extra={"code": code.pk},
    )
    return device
