"""What counts as a privileged change, and the checks every accounts action shares.

Privileged: anything that would let one administrator reach survivors' data or act as
someone else. Such a change is applied only when a second administrator approves it
(``approvals.py``) or when a server operator runs it from the command line.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from rihai.core import request_context

from .access import RecordNotFound, scoped
from .models import Agency, Role, RolePermission, User
from .permissions import Action, Resource, Scope, personal_data_resources

ADMINISTRATOR = "administrator"
Grant = tuple[str, str, int]


def grant_label(grant: Grant) -> str:
    """A grant as a short code for audit rows: ``case.view.2``."""
    resource, action, scope = grant
    return f"{resource}.{action}.{int(scope)}"


def grants_of_role(role: Role | None) -> set[Grant]:
    if role is None or role.pk is None:
        return set()
    return {
        (r, a, int(s))
        for r, a, s in RolePermission.objects.filter(role=role).values_list(
            "resource", "action", "scope"
        )
    }


def personal_data_grants(grants: Iterable[Grant]) -> set[Grant]:
    sensitive = personal_data_resources()
    return {g for g in grants if g[0] in sensitive}


def widens_personal_data(old: Iterable[Grant], new: Iterable[Grant]) -> bool:
    """True if ``new`` reaches personal data that ``old`` did not (a new grant or a wider scope)."""
    held = {(r, a): s for r, a, s in old}
    return any(
        held.get((r, a)) is None or s > held[(r, a)] for r, a, s in personal_data_grants(new)
    )


def role_is_privileged(role: Role | None) -> bool:
    """Administrators (who approve others' requests) and every role reaching personal data."""
    if role is None:
        return False
    return role.code == ADMINISTRATOR or bool(personal_data_grants(grants_of_role(role)))


def refuse_system_actor_on_the_web(acting_user) -> None:
    """``acting_user=None`` means the server itself (seeding, a command); never a web request."""
    if acting_user is None and request_context.current().interface in ("web", "api"):
        raise PermissionDenied


def refuse_own_account(acting_user, user: User) -> None:
    if acting_user is not None and acting_user.pk == user.pk:
        raise ValidationError(_("Nobody may change their own access; ask another administrator."))


def require_grant(acting_user, resource: str, action: str, *, scope: int | None = None) -> None:
    """The acting user holds (resource, action), at least at ``scope``; the server always does."""
    refuse_system_actor_on_the_web(acting_user)
    if acting_user is None:
        return
    held = acting_user.scope_for(resource, action) if acting_user.is_active else None
    if held is None or (scope is not None and held < scope):
        raise PermissionDenied


def lock_user(acting_user, user_id, action: str = Action.CHANGE) -> User:
    """The user row, locked, if ``acting_user`` may ``action`` it; else ``RecordNotFound``."""
    refuse_system_actor_on_the_web(acting_user)
    rows = User.objects.select_for_update()
    if acting_user is None:
        found = rows.filter(pk=user_id).first()
    else:
        found = scoped(rows, acting_user, Resource.USER, action).filter(pk=user_id).first()
    if found is None:
        raise RecordNotFound
    return found


def lock_agency(acting_user, agency_id, action: str = Action.CHANGE) -> Agency:
    """The agency row, locked, if ``acting_user``'s agency grant covers it."""
    from .queries import agencies_for

    refuse_system_actor_on_the_web(acting_user)
    rows = Agency.objects.select_for_update()
    if acting_user is not None:
        rows = agencies_for(acting_user, action, queryset=rows)
    found = rows.filter(pk=agency_id).first()
    if found is None:
        raise RecordNotFound
    return found


def lock_role(acting_user, role_id) -> Role:
    """Roles hold grants for every agency: changing one needs the user grant at scope ALL."""
    require_grant(acting_user, Resource.USER, Action.CHANGE, scope=Scope.ALL)
    found = Role.objects.select_for_update().filter(pk=role_id).first()
    if found is None:
        raise RecordNotFound
    if acting_user is not None and acting_user.role_id == found.pk:
        raise ValidationError(_("Nobody may change the grants of their own role."))
    return found


def refuse_personal_data_for_administrators(role: Role, grants: Iterable[Grant]) -> None:
    """The administrator role manages people; it never reaches survivors' data, approved or not."""
    if role.code == ADMINISTRATOR and personal_data_grants(grants):
        raise ValidationError(
            _("The administrator role may hold no grant on personal data."), code="admin-pii"
        )
