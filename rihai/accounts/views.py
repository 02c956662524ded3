"""Sign-in: password, then (where required) a TOTP code; logout; password change."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.audit.models import AuditEvent

from .actions import record_failed_sign_in, record_sign_in
from .forms import LoginForm, TokenForm


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
        response = super().form_valid(form)
        record_sign_in(self.request.user, event=AuditEvent.PASSWORD_CHANGED)
        messages.success(self.request, _("Your password was changed."))
        return response


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
            otp_login(request, device)
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


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    """Enrols a TOTP device: show the secret as a QR code, confirm with a first code."""
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect("accounts:mfa-verify")
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record_sign_in(request.user, event=AuditEvent.MFA_ENROLLED)
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is now on for your account."))
            return redirect(_safe_next(request))
        form.add_error("token", _("That code is not valid. Scan the code again and retry."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/mfa_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret},
    )


def locked_out(request, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=403)
