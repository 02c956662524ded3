"""The Django admin is for administrators only: staff flag alone is not enough.

The admin's own sign-in, sign-out and password change are replaced by Rihai's (which have
lockout, two-factor and an audit row each); the admin's would write none.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy


def restrict_admin_to_administrators(site) -> None:
    def has_permission(request) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if not (user.is_superuser or (user.role_id and user.role.code == "administrator")):
            return False
        if settings.RIHAI_ENFORCE_MFA and not user.is_verified():
            return False
        return True

    def login(request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not an administrator
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('accounts:login')}?{query}")

    def password_change(request, extra_context=None):
        return redirect("accounts:password-change")

    def logout(request, extra_context=None):
        from .views import LogoutView

        return LogoutView.as_view()(request)

    site.has_permission = has_permission
    site.login = login
    site.logout = logout
    site.password_change = password_change
    site.site_header = gettext_lazy("Rihai administration")
