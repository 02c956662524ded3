from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

# What a half-signed-in user (password passed, second factor not yet) may reach: two-factor
# set-up and verification, sign-out, and the language switch. Nothing else — not even the
# password change, or whoever learned a password could change it and keep the account.
HALF_SIGNED_IN_VIEWS = frozenset(
    {"accounts:mfa-verify", "accounts:mfa-setup", "accounts:logout", "set_language"}
)
_STATIC_PREFIX = "/static/"


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class RequireTwoFactorMiddleware:
    """Holds a signed-in user at the two-factor step until they verify a code.

    A user who has a confirmed device must always verify it. A user whose role requires
    two-factor sign-in, and who has no device yet, must enrol one first (when enforcement
    is on: always in production). Until then only ``HALF_SIGNED_IN_VIEWS`` answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        from django_otp import user_has_device

        if user_has_device(user):
            target = "accounts:mfa-verify"
        elif settings.RIHAI_ENFORCE_MFA and user.needs_mfa:
            target = "accounts:mfa-setup"
        else:
            return self.get_response(request)
        if request.path_info.startswith(_STATIC_PREFIX):
            return self.get_response(request)
        if _view_name(request.path_info) in HALF_SIGNED_IN_VIEWS:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor verification required."}, status=403)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
