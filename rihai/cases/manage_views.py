"""Pages for a person's record (history, duplicates, merge) and for managing an open case:
open a new case for a known person, edit the facts, reassign, add a family member."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require
from rihai.accounts.models import User

from . import actions, queries
from .duplicates import TooManyChecks, check_duplicates
from .forms import CaseFactsForm, PersonForm
from .models import Case, CaseMember, Person
from .resources import Resource

DUPLICATE_FIELDS = (
    "name_roman",
    "name_ur",
    "parentage_name",
    "sex",
    "date_of_birth",
    "estimated_age",
    "cnic",
    "bform",
    "passport",
    "phone",
)


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _case_workers(agency):
    """People of the agency who can hold a case (their role may change cases)."""
    return (
        User.objects.filter(
            agency=agency,
            is_active=True,
            role__grants__resource=Resource.CASE,
            role__grants__action="change",
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.get_full_name() or user.username} ({user.get_sex_display()})"


class AssignmentForm(forms.Form):
    assigned_to = WorkerChoiceField(label=gettext_lazy("case worker"), queryset=User.objects.none())
    note = forms.CharField(
        label=gettext_lazy("why not a female case worker"),
        help_text=gettext_lazy(
            "Only for a female survivor given to a male case worker; a supervisor must record why."
        ),
        required=False,
        max_length=300,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _case_workers(agency)


class OpenCaseForm(CaseFactsForm):
    assigned_to = WorkerChoiceField(
        label=gettext_lazy("case worker"),
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy("Leave empty to assign by the rules (a woman for a woman)."),
    )
    assignment_note = forms.CharField(
        label=gettext_lazy("why not a female case worker"), required=False, max_length=300
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _case_workers(agency)


class FamilyForm(PersonForm):
    relation = forms.CharField(
        label=gettext_lazy("relation to the primary survivor"),
        max_length=40,
        help_text=gettext_lazy("e.g. wife, son, brother"),
    )

    class Meta(PersonForm.Meta):
        fields = [
            f
            for f in PersonForm.Meta.fields
            if f not in ("address", "guardian_name", "guardian_relation", "guardian_phone")
        ]


# ---------------------------------------------------------------- persons


@login_required
def person_detail(request, person_id):
    person = queries.access_person(request.user, person_id)
    memberships = (
        CaseMember.objects.filter(person=person, case__in=queries.visible_cases(request.user))
        .select_related("case", "case__agency")
        .order_by("-case__created_on")
    )
    data = {name: getattr(person, name) for name in DUPLICATE_FIELDS}
    actions.log_personal_data_view(request.user, person)
    try:  # audited and rate-limited like every duplicate check (duplicates.py)
        report, refused = check_duplicates(request.user, data, exclude_id=person.pk), False
    except TooManyChecks:
        report, refused = None, True
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "merged_from": list(person.merged_from.values_list("pk", flat=True)),
            "duplicates": report.to_dict() if report else None,
            "duplicates_refused": refused,
            "can_change": request.user.can(Resource.PERSON, "change"),
            "can_reveal": request.user.can(Resource.IDENTIFIERS, "view"),
            "can_open": request.user.can(Resource.CASE, "create"),
        },
    )


@login_required
@require_POST
def person_reveal(request, person_id):
    """Shows one full identifier once; the reveal is an audited action."""
    from .masking import IDENTIFIER_FIELDS

    person = queries.access_person(request.user, person_id)
    field = request.POST.get("field", "")
    if field not in IDENTIFIER_FIELDS:
        raise RecordNotFound
    try:
        value = actions.do_reveal_identifier(person=person, field=field, acting_user=request.user)
    except PermissionDenied:
        raise RecordNotFound from None
    response = render(
        request,
        "cases/reveal.html",
        {"person": person, "label": Person._meta.get_field(field).verbose_name, "value": value},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def person_merge(request, person_id):
    """Folds another record (a duplicate found on this page) into this one."""
    survivor = queries.access_person(request.user, person_id, "change")
    try:
        duplicate = queries.access_person(
            request.user, int(request.POST.get("duplicate", "")), "change"
        )
    except ValueError:
        raise RecordNotFound from None
    try:
        actions.do_merge_persons(survivor=survivor, duplicate=duplicate, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Record P-%(dup)s was merged into P-%(keep)s; both histories are kept.")
            % {"dup": duplicate.pk, "keep": survivor.pk},
        )
    return redirect("cases:person", person_id=survivor.pk)


@login_required
def person_new_case(request, person_id):
    """Opens a new case for a person already registered (e.g. found by the duplicate check)."""
    require(request.user, Resource.CASE, "create")
    person = queries.access_person(request.user, person_id)
    form = OpenCaseForm(request.POST or None, agency=request.user.agency)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            case = actions.do_open_case(acting_user=request.user, person=person, **values)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Open a case for %(name)s") % {"name": person.display_name},
            "forms": [form],
            "submit": _("Open the case"),
            "back": reverse("cases:person", args=[person.pk]),
        },
    )


# ---------------------------------------------------------------- managing a case


def _facts_initial(case: Case) -> dict:
    return {
        "exploitation_types": [e.exploitation_type for e in case.exploitations.all()],
        "means_of_control": case.means_of_control,
        "recruiter_relation": case.recruiter_relation,
        "recruitment_channel": case.recruitment_channel,
        "destination_country": case.destination_country,
        "route": case.route,
        "exploitation_start": case.exploitation_start,
        "summary": case.summary,
    }


@login_required
def case_edit(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    form = CaseFactsForm(request.POST or None, initial=_facts_initial(case))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_case_facts(case=case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("The facts were saved."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Facts of %(ref)s") % {"ref": case.reference},
            "forms": [form],
            "submit": _("Save"),
            "back": reverse("cases:detail", args=[case.pk]),
        },
    )


@login_required
def case_assign(request, case_id):
    case = queries.access_case(request.user, case_id, "change")
    form = AssignmentForm(
        request.POST or None,
        agency=case.agency,
        initial={"assigned_to": case.assigned_to_id, "note": case.assignment_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_reassign_case(
                case=case,
                assigned_to=form.cleaned_data["assigned_to"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("The case worker was changed."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Case worker for %(ref)s") % {"ref": case.reference},
            "forms": [form],
            "submit": _("Save"),
            "back": reverse("cases:detail", args=[case.pk]),
        },
    )


@login_required
def case_family_add(request, case_id):
    """Registers a family member (bonded labour: the whole family is in the case) and adds them."""
    case = queries.access_case(request.user, case_id, "change")
    require(request.user, Resource.PERSON, "create")
    form = FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        relation = form.cleaned_data["relation"]
        fields = {k: v for k, v in form.action_kwargs().items() if k != "relation"}
        try:
            # One action: no orphan person if adding to the case fails.
            member = actions.do_register_family_member(
                case=case, person_fields=fields, relation=relation, acting_user=request.user
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request, _("%(name)s was added to the case.") % {"name": member.person.display_name}
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/form_page.html",
        {
            "title": _("Add a family member to %(ref)s") % {"ref": case.reference},
            "forms": [form],
            "submit": _("Add to the case"),
            "back": reverse("cases:detail", args=[case.pk]),
        },
    )
