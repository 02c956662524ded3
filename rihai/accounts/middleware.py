from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in but not yet two-factor-verified user may still reach.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class RequireTwoFactorMiddleware:
    """Holds a signed-in user at the two-factor step until they verify a code.

    A user who has a confirmed device must always verify it. A user whose role requires
    two-factor sign-in, and who has no device yet, must enrol one first (when enforcement
    is on: always in production).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if request.path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        from django_otp import user_has_device

        if user_has_device(user):
            target = "accounts:mfa-verify"
        elif settings.RIHAI_ENFORCE_MFA and user.needs_mfa:
            target = "accounts:mfa-setup"
        else:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor verification required."}, status=403)
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
