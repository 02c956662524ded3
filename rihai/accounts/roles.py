"""The default roles shipped with Rihai. Administrators may change grants later (audited).

Design: least privilege. Administrators manage people and agencies but see no survivor data;
analysts and auditors see aggregates and the audit trail, never personal data. The roles are
the foundation's; their grants come from the installed apps (each app's ``plugin.py``), so an
app adds its resources to the roles without editing this file.
"""

from rihai.core.plugins import default_grants

DEFAULT_ROLES: dict[str, dict] = {
    "administrator": {"name": "Administrator", "name_ur": "منتظم", "requires_mfa": True},
    "supervisor": {"name": "Supervisor", "name_ur": "نگران", "requires_mfa": True},
    "case-worker": {"name": "Case worker", "name_ur": "کیس ورکر", "requires_mfa": False},
    "investigator": {"name": "Investigator", "name_ur": "تفتیشی افسر", "requires_mfa": True},
    "service-provider": {
        "name": "Service-provider staff",
        "name_ur": "خدمات فراہم کنندہ عملہ",
        "requires_mfa": False,
    },
    "analyst": {"name": "Analyst", "name_ur": "تجزیہ کار", "requires_mfa": False},
    "auditor": {"name": "Auditor", "name_ur": "آڈیٹر", "requires_mfa": True},
}


def grants_of(role_code: str) -> list[tuple[str, str, int]]:
    """The default grants of one role, collected from every installed app."""
    return default_grants().get(role_code, [])


def install_default_roles(role_model, grant_model) -> None:
    """Creates the default roles and sets their grants exactly; safe to run again."""
    for code, spec in DEFAULT_ROLES.items():
        role, _ = role_model.objects.update_or_create(
            code=code,
            defaults={
                "name": spec["name"],
                "name_ur": spec["name_ur"],
                "requires_mfa": spec["requires_mfa"],
            },
        )
        grant_model.objects.filter(role=role).delete()
        grant_model.objects.bulk_create(
            [
                grant_model(role=role, resource=str(r), action=str(a), scope=int(s))
                for r, a, s in grants_of(code)
            ]
        )


def grant_new_resources(*, using="default", **_kwargs) -> None:
    """Gives the default roles their default grants on resources no role holds yet.

    A resource no grant names is new to this database (its app was just installed); one that
    any role holds was installed before and its grants may since have been changed by an
    administrator, so it is left alone.
    """
    from .models import Role, RolePermission

    held = set(RolePermission.objects.using(using).values_list("resource", flat=True).distinct())
    roles = {r.code: r for r in Role.objects.using(using).filter(code__in=DEFAULT_ROLES)}
    new = [
        RolePermission(role=roles[code], resource=str(r), action=str(a), scope=int(s))
        for code in roles
        for r, a, s in grants_of(code)
        if str(r) not in held
    ]
    RolePermission.objects.using(using).bulk_create(new, ignore_conflicts=True)
