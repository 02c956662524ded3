"""Administrators manage agencies, users and roles here, only through the accounts actions.

Every save calls a ``do_*`` action (which re-checks grants, refuses changes to one's own
access, files privileged changes for a second administrator and writes the audit row with
old and new values). The admin's own outer transaction is skipped because actions are
durable transactions of their own. Two-factor devices have no admin: their secrets are
never shown after enrolment; a reset is requested here and approved by a second person.
"""

from django.contrib import admin, messages
from django.contrib.admin.sites import NotRegistered
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions
from .access import RecordNotFound
from .models import AccessRequest, Agency, RequestKind, RequestStatus, Role, RolePermission, User
from .permissions import Action, Resource
from .privileges import grant_label, grants_of_role

for model in (TOTPDevice, Group):
    try:
        admin.site.unregister(model)
    except NotRegistered:
        pass


def _code(value) -> str:
    return getattr(value, "code", None) or "—"


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return gettext("You may not make this change.")


class ActionAdmin(admin.ModelAdmin):
    """Admin permissions come from Rihai's role grants; saves go through the actions."""

    resource: str = Resource.USER

    def has_module_permission(self, request):
        return request.user.can(self.resource, Action.VIEW)

    def has_view_permission(self, request, obj=None):
        return request.user.can(self.resource, Action.VIEW)

    def has_add_permission(self, request):
        return request.user.can(self.resource, Action.CREATE)

    def has_change_permission(self, request, obj=None):
        return request.user.can(self.resource, Action.CHANGE)

    def has_delete_permission(self, request, obj=None):
        # Agencies, users and roles are deactivated, never deleted: the audit trail names them.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # No outer transaction: each action is a durable transaction that holds the change and
        # its audit row. A refusal leaves nothing saved and is shown on the form's page.
        try:
            return self._changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied, RecordNotFound) as error:
            self.message_user(request, _error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def report_request(self, request, filed) -> None:
        if filed is not None:
            self.message_user(
                request,
                gettext(
                    "Request #%(id)s was filed: a second administrator must approve it "
                    "before it takes effect."
                )
                % {"id": filed.pk},
                messages.WARNING,
            )


@admin.register(Agency)
class AgencyAdmin(ActionAdmin):
    resource = Resource.AGENCY
    list_display = ("code", "name", "name_ur", "agency_type", "province", "district", "is_active")
    list_filter = ("agency_type", "province", "is_active")
    search_fields = ("code", "name", "name_ur")
    fields = ("name", "name_ur", "code", "agency_type", "province", "district", "is_active")

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in self.fields if f in form.cleaned_data}
        if change:
            changed = {f: data[f] for f in form.changed_data if f in data}
            actions.do_change_agency(agency=obj, acting_user=request.user, **changed)
        else:
            obj.pk = actions.do_create_agency(acting_user=request.user, **data).pk


class RolePermissionInline(admin.TabularInline):
    model = RolePermission
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.can(Resource.USER, Action.CHANGE)

    has_change_permission = has_delete_permission = has_view_permission = (
        lambda self, request, obj=None: request.user.can(Resource.USER, Action.CHANGE)
    )


def _grants_from(formset) -> set[tuple[str, str, int]]:
    """The grant set the inline forms describe once their deletions and additions apply."""
    grants = set()
    deleted = set(map(id, formset.deleted_forms))
    for form in formset.forms:
        if id(form) in deleted or not form.cleaned_data:
            continue
        data = form.cleaned_data
        grants.add((str(data["resource"]), str(data["action"]), int(data["scope"])))
    return grants


@admin.register(Role)
class RoleAdmin(ActionAdmin):
    list_display = ("code", "name", "name_ur", "requires_mfa")
    fields = ("code", "name", "name_ur", "requires_mfa")
    inlines = [RolePermissionInline]

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def save_model(self, request, obj, form, change):
        pass  # the role and its grants are saved together by one action in save_related

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # read by the admin's change message; the action saves
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        grants = _grants_from(formsets[0]) if formsets else None
        data = {f: form.cleaned_data[f] for f in ("name", "name_ur", "requires_mfa")}
        if change:
            outcome = actions.do_change_role(
                role=form.instance, acting_user=request.user, grants=grants, **data
            )
        else:
            outcome = actions.do_create_role(
                acting_user=request.user,
                code=form.cleaned_data["code"],
                grants=grants or (),
                **data,
            )
            form.instance.pk = outcome.record.pk
        self.report_request(request, outcome.request)


class RihaiUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)


@admin.register(User)
class UserAdmin(ActionAdmin, DjangoUserAdmin):
    add_form = RihaiUserCreationForm
    list_display = ("username", "first_name", "last_name", "agency", "role", "is_active")
    list_filter = ("role", "agency__agency_type", "agency__province", "is_active")
    # No is_staff, is_superuser, groups or per-user permissions: staff follows the role, and
    # a superuser is made only on the server (manage.py create_superuser_audited).
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Rihai"), {"fields": ("agency", "role", "is_active", "sex", "preferred_language")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("Rihai"), {"fields": ("first_name", "last_name", "agency", "role", "sex")}),
    )
    actions = ["request_password_reset", "request_two_factor_reset"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            editable = actions.USER_PROFILE_FIELDS | {"role", "agency", "is_active"}
            changed = {f: data[f] for f in form.changed_data if f in editable}
            outcome = actions.do_change_user(user=obj, acting_user=request.user, **changed)
            self.report_request(request, outcome.request)
            return
        user = actions.do_create_user(
            acting_user=request.user,
            username=data["username"],
            password=data["password1"],
            agency=data["agency"],
            role=data["role"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            sex=data["sex"],
        )
        obj.pk = user.pk
        self.report_request(
            request,
            AccessRequest.objects.filter(target_user=user, status=RequestStatus.PENDING).first(),
        )

    def add_view(self, request, form_url="", extra_context=None):
        # Django's UserAdmin opens a transaction here; the action is its own durable one.
        return self._add_view(request, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        """Another user's password is never set here: a reset is requested for approval."""
        if str(request.user.pk) == str(id):
            return redirect("accounts:password-change")
        user = self.get_object(request, id)
        if user is None or not self.has_change_permission(request, user):
            raise PermissionDenied
        change_url = reverse("admin:accounts_user_change", args=[user.pk])
        if request.method == "POST":
            try:
                filed = actions.do_request_password_reset(user=user, acting_user=request.user)
            except (ValidationError, PermissionDenied, RecordNotFound) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                self.report_request(request, filed)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Request a password reset"),
            "subject": user,
            "opts": self.opts,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/accounts/request_password_reset.html", context)

    def _request_for_each(self, request, queryset, do):
        for user in queryset:
            try:
                self.report_request(request, do(user=user, acting_user=request.user))
            except (ValidationError, PermissionDenied, RecordNotFound) as error:
                self.message_user(request, f"{user}: {_error_text(error)}", messages.ERROR)

    @admin.action(description=_("Request a password reset (needs a second administrator)"))
    def request_password_reset(self, request, queryset):
        self._request_for_each(request, queryset, actions.do_request_password_reset)

    @admin.action(description=_("Request a two-factor reset (needs a second administrator)"))
    def request_two_factor_reset(self, request, queryset):
        self._request_for_each(request, queryset, actions.do_request_two_factor_reset)


@admin.register(AccessRequest)
class AccessRequestAdmin(ActionAdmin):
    """Pending privileged changes: a different administrator approves or rejects them."""

    list_display = (
        "id",
        "kind",
        "status",
        "target_user",
        "target_role",
        "requested_change",
        "requested_by",
        "requested_on",
        "expires_on",
        "decided_by",
    )
    list_filter = ("status", "kind")
    readonly_fields = list_display
    fields = list_display
    actions = ["approve", "reject"]

    def has_view_permission(self, request, obj=None):
        return request.user.can(Resource.USER, Action.CHANGE)

    has_module_permission = has_view_permission

    @admin.display(description=_("requested change"))
    def requested_change(self, obj):
        """What approving applies, against what holds now: the approver must see which role,
        agency or grants they give, not only the kind of request and whom it concerns."""
        payload = obj.payload or {}
        if obj.kind == RequestKind.CHANGE_ACCESS and obj.target_user_id:
            user = obj.target_user
            role = Role.objects.filter(pk=payload.get("role")).first()
            agency = Agency.objects.filter(pk=payload.get("agency")).first()
            return f"{_code(user.role)} → {_code(role)}, {_code(user.agency)} → {_code(agency)}"
        if obj.kind == RequestKind.CHANGE_GRANTS and obj.target_role_id:
            wanted = {(str(r), str(a), int(s)) for r, a, s in payload.get("grants", [])}
            held = grants_of_role(obj.target_role)
            changes = [f"+{grant_label(g)}" for g in sorted(wanted - held)]
            changes += [f"−{grant_label(g)}" for g in sorted(held - wanted)]
            return " ".join(changes) or "—"
        return "—"

    def has_add_permission(self, request):
        return False  # requests are filed by the actions, never typed in

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        results = []
        for pending in queryset.filter(status=RequestStatus.PENDING):
            try:
                results.append(
                    actions.do_approve_request(request=pending, acting_user=request.user)
                )
            except (ValidationError, PermissionDenied, RecordNotFound) as error:
                self.message_user(request, f"#{pending.pk}: {_error_text(error)}", messages.ERROR)
        if not results:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Requests approved"),
            "results": results,
            "opts": self.opts,
        }
        response = TemplateResponse(request, "admin/accounts/approval_result.html", context)
        response["Cache-Control"] = "no-store"  # it may show a one-time password
        return response

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request, queryset):
        for pending in queryset.filter(status=RequestStatus.PENDING):
            try:
                actions.do_reject_request(request=pending, acting_user=request.user)
            except (ValidationError, PermissionDenied, RecordNotFound) as error:
                self.message_user(request, f"#{pending.pk}: {_error_text(error)}", messages.ERROR)
