"""The Django admin is for administrators only: staff flag alone is not enough."""

from django.conf import settings


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

    site.has_permission = has_permission
    site.site_header = "Rihai administration"
