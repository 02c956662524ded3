"""Sign-in: password, then (where required) a TOTP code; logout; password change."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.audit.models import AuditEvent

from .actions import (
    do_change_own_password,
    do_enrol_device,
    do_issue_enrolment_code,
    record_failed_sign_in,
    record_sign_in,
)
from .forms import EnrolmentCodeForm, IssueEnrolmentCodeForm, LoginForm, TokenForm
from .queries import enrolment_code_candidates
from .two_factor import matching_enrolment_code, usable_enrolment_code


def _safe_next(request, default: str = "core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record_sign_in(self.request.user, event=AuditEvent.LOGIN)
        return response

    def form_invalid(self, form):
        username = form.data.get("username", "")
        if username:
            record_failed_sign_in(username)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record_sign_in(request.user, event=AuditEvent.LOGOUT)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self):
        from django.urls import reverse

        return reverse("core:home")

    def form_valid(self, form):
        # The form has checked the old password and the new one's strength; the action
        # re-checks both, writes the password and its audit row together.
        user = do_change_own_password(
            acting_user=self.request.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return redirect(self.get_success_url())


def _verified(request, device) -> None:
    """Marks the session two-factor verified under a new session key (and CSRF token).

    Django's sign-in changes the key once, when the password is accepted; the second factor
    must change it again. Otherwise a half-signed-in session planted in someone's browser
    (session fixation) becomes, once they type their code, a verified session that whoever
    planted it also holds.
    """
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    devices = TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
    device = devices.first()
    if device is None:
        return redirect("accounts:mfa-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            _verified(request, device)
            record_sign_in(request.user, event=AuditEvent.MFA_VERIFIED)
            return redirect(_safe_next(request))
        record_sign_in(request.user, event=AuditEvent.MFA_FAILED)
        form.add_error(
            "token", _("That code is not valid. Check your phone's clock and try again.")
        )
    return render(request, "accounts/mfa_verify.html", {"form": form})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


# The id (never the code) of the enrolment code the user proved, until the device is confirmed.
_ENROLMENT_CODE_SESSION_KEY = "rihai_enrolment_code_id"


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    """Enrols a TOTP device in two steps: a one-time enrolment code from an administrator or
    supervisor, then the secret as a QR code confirmed with a first six-digit code.

    Without the first step, whoever learned a password could put their own authenticator on
    the account. The secret is shown only here, before the device is confirmed.
    """
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect("accounts:mfa-verify")
    proven = usable_enrolment_code(request.user, request.session.get(_ENROLMENT_CODE_SESSION_KEY))
    if proven is None:
        return _ask_for_enrolment_code(request)
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            do_enrol_device(device=device, enrolment_code=proven, acting_user=request.user)
            del request.session[_ENROLMENT_CODE_SESSION_KEY]
            _verified(request, device)
            messages.success(request, _("Two-factor sign-in is now on for your account."))
            return redirect(_safe_next(request))
        form.add_error("token", _("That code is not valid. Scan the code again and retry."))
    secret = base64.b32encode(device.bin_key).decode()
    response = render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret},
    )
    response["Cache-Control"] = "no-store"
    return response


def _ask_for_enrolment_code(request):
    form = EnrolmentCodeForm(request.POST if "enrolment_code" in request.POST else None)
    if form.is_bound and form.is_valid():
        found = matching_enrolment_code(request.user, form.cleaned_data["enrolment_code"])
        if found is not None:
            request.session[_ENROLMENT_CODE_SESSION_KEY] = found.pk
            return redirect(request.get_full_path())
        record_sign_in(request.user, event=AuditEvent.MFA_FAILED, extra={"step": "enrolment"})
        form.add_error("enrolment_code", _("This enrolment code is not valid or has expired."))
    return render(request, "accounts/mfa_enrolment_code.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def issue_enrolment_code(request):
    """An administrator, or a supervisor for their own agency, issues a one-time code that
    lets a user enrol their two-factor device. The code is shown once, here."""
    candidates = enrolment_code_candidates(request.user)
    if not candidates.exists():
        raise PermissionDenied
    form = IssueEnrolmentCodeForm(request.POST or None, users=candidates)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            _record, code = do_issue_enrolment_code(
                user=form.cleaned_data["user"], acting_user=request.user
            )
        except ValidationError as error:
            form.add_error("user", error)
        else:
            issued = {"user": form.cleaned_data["user"], "code": code}
    response = render(
        request, "accounts/enrolment_code_issue.html", {"form": form, "issued": issued}
    )
    response["Cache-Control"] = "no-store"  # the code must not stay in any cache
    return response


def locked_out(request, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=403)
