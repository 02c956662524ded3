"""Administrators manage agencies, users and roles here; every save writes an audit row.

The admin wraps each change in a transaction, so the change and its audit row commit together.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from .models import Agency, Role, RolePermission, User
from .permissions import Action, Resource


class AuditedAdmin(admin.ModelAdmin):
    """Admin permissions come from Rihai's role grants, not Django's per-model permissions."""

    resource: str = Resource.USER
    created_event: AuditEvent = AuditEvent.RECORD_CREATED
    changed_event: AuditEvent = AuditEvent.RECORD_CHANGED

    def has_module_permission(self, request):
        return request.user.can(self.resource, Action.VIEW)

    def has_view_permission(self, request, obj=None):
        return request.user.can(self.resource, Action.VIEW)

    def has_add_permission(self, request):
        return request.user.can(self.resource, Action.CREATE)

    def has_change_permission(self, request, obj=None):
        return request.user.can(self.resource, Action.CHANGE)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_audit(
            event=self.changed_event if change else self.created_event,
            acting_user=request.user,
            obj=obj,
            extra={"fields": sorted(form.changed_data)[:20]},
        )

    def has_delete_permission(self, request, obj=None):
        # Agencies, users and roles are deactivated, never deleted: the audit trail names them.
        return False


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    resource = Resource.AGENCY
    created_event = AuditEvent.AGENCY_CREATED
    changed_event = AuditEvent.AGENCY_CHANGED
    list_display = ("code", "name", "name_ur", "agency_type", "province", "district", "is_active")
    list_filter = ("agency_type", "province", "is_active")
    search_fields = ("code", "name", "name_ur")
    autocomplete_fields = ()


class RolePermissionInline(admin.TabularInline):
    model = RolePermission
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.can(Resource.USER, Action.CHANGE)

    has_change_permission = has_delete_permission = has_view_permission = (
        lambda self, request, obj=None: request.user.can(Resource.USER, Action.CHANGE)
    )


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    changed_event = AuditEvent.ROLE_CHANGED
    created_event = AuditEvent.ROLE_CHANGED
    list_display = ("code", "name", "name_ur", "requires_mfa")
    inlines = [RolePermissionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = [f for fs in formsets for f in fs.forms if f.has_changed()]
        if changed:
            record_audit(
                event=AuditEvent.ROLE_CHANGED,
                acting_user=request.user,
                obj=form.instance,
                extra={"grants_changed": len(changed)},
            )


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    created_event = AuditEvent.USER_CREATED
    changed_event = AuditEvent.USER_CHANGED
    list_display = ("username", "first_name", "last_name", "agency", "role", "is_active")
    list_filter = ("role", "agency__agency_type", "agency__province", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Rihai"), {"fields": ("agency", "role", "sex", "preferred_language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Rihai"), {"fields": ("first_name", "last_name", "agency", "role", "sex")}),
    )
