"""Cases: the list, registration, the case page, editing the facts, assignment, family,
and a new case for a person already known."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rihai.accounts.access import require

from .. import actions, duplicates, queries, workflow
from ..api import case_detail_queryset
from ..choices import CaseStatus, Jurisdiction
from ..countries import country_name
from ..duplicates import TooManyChecks, check_duplicates
from ..forms import (
    AssignmentForm,
    CaseFactsEditForm,
    CaseFilterForm,
    ConsentForm,
    FamilyForm,
    NewCaseForm,
    OpenCaseForm,
    PersonForm,
    StatusForm,
)
from ..identification.explain import describe
from ..models import Case, Consent
from ..resources import Resource
from ..routing import describe as describe_jurisdiction
from ..routing import suggest_jurisdictions
from ._common import PAGE_SIZE, errors_into


@login_required
def case_list(request):
    require(request.user, Resource.CASE, "view")
    form = CaseFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        # Reference, CNIC/B-Form/passport/phone (blind index) or a name (phonetic key).
        filters.update(duplicates.search_filters(request.user, filters.pop("q", "")))
    page = Paginator(queries.case_list(request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions.log_personal_data_view(request.user, "cases.case", listed_ids=[c.pk for c in page])
    rows = [{"case": c, "person": queries.primary_person(c)} for c in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_create": request.user.can(Resource.CASE, "create"),
        },
    )


@login_required
def case_new(request):
    require(request.user, Resource.CASE, "create")
    person_form = PersonForm(request.POST or None, prefix="person")
    case_form = NewCaseForm(request.POST or None, prefix="case")
    report = None
    if request.method == "POST" and person_form.is_valid() and case_form.is_valid():
        person_data = person_form.action_kwargs()
        try:
            report = check_duplicates(request.user, person_data)
        except TooManyChecks:
            messages.error(
                request,
                _(
                    "Too many duplicate checks this hour. Try again later; registering waits "
                    "for the check."
                ),
            )
            report = None
            found = True
        else:
            found = bool(report.matches) or report.elsewhere
        if found and (report is None or not case_form.cleaned_data["confirm_new_person"]):
            if report is not None:
                messages.warning(
                    request,
                    _(
                        "Possible existing records were found. Check them before registering a new person."
                    ),
                )
        else:
            facts = {k: v for k, v in case_form.cleaned_data.items() if k != "confirm_new_person"}
            try:
                # One action: a case that fails to open leaves no orphan person behind.
                case = actions.do_register_person_and_open_case(
                    acting_user=request.user,
                    person_fields=person_data,
                    duplicate_acknowledged=case_form.cleaned_data["confirm_new_person"],
                    **facts,
                )
            except ValidationError as exc:
                errors_into(
                    person_form
                    if set(getattr(exc, "message_dict", {})) & set(person_form.fields)
                    else case_form,
                    exc,
                )
            else:
                messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/new.html",
        {
            "person_form": person_form,
            "case_form": case_form,
            "duplicates": report.to_dict() if report else None,
        },
    )


@login_required
def case_detail(request, case_id):
    queries.access_case(request.user, case_id)
    case = case_detail_queryset(request.user).get(pk=case_id)
    actions.log_personal_data_view(request.user, case)
    members = list(case.members.all())
    people = [m.person for m in members]
    jurisdictions = suggest_jurisdictions(
        is_transnational=case.is_transnational,
        exploitation_types=[e.exploitation_type for e in case.exploitations.all()],
        any_child=any(p.is_child for p in people),
        age_unknown=any(p.age is None for p in people),
    )
    assessments = [
        {
            "assessment": a,
            "reasons": [describe(r, version=a.rules_version) for r in a.result.get("reasons", [])],
        }
        for a in case.assessments.all()
    ]
    allowed = sorted(workflow.targets(case.status))
    status_form = StatusForm()
    status_form.fields["to_status"].choices = [(s, CaseStatus(s).label) for s in allowed]
    pending = next((c for c in case.status_changes.all() if c.decision == "pending"), None)
    consents = (
        Consent.objects.filter(case=case)
        .select_related("recipient", "person")
        .order_by("-given_on")
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "members": members,
            "assessments": assessments,
            "pending": pending,
            "jurisdictions": [
                {
                    "code": j.jurisdiction,
                    "label": Jurisdiction(j.jurisdiction).label,
                    "reason": describe_jurisdiction(j),
                }
                for j in jurisdictions
            ],
            "destination": country_name(case.destination_country),
            "route": [country_name(code) for code in case.route or []],
            "status_form": status_form if allowed else None,
            "consent_form": ConsentForm(members=members),
            "consents": consents,
            "can_change": request.user.can(Resource.CASE, "change"),
            "can_approve": request.user.can(Resource.CASE, "approve"),
            "can_export": request.user.can(Resource.CASE, "export"),
        },
    )


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
    form = CaseFactsEditForm(
        request.POST or None, initial={**_facts_initial(case), "version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        facts = dict(form.cleaned_data)
        try:
            actions.do_update_case_facts(
                case=case,
                acting_user=request.user,
                expected_version=facts.pop("version"),
                **facts,
            )
        except ValidationError as exc:
            errors_into(form, exc)
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
            errors_into(form, exc)
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
                case=case,
                person_fields=fields,
                relation=relation,
                acting_user=request.user,
                duplicate_acknowledged=form.cleaned_data["confirm_new_person"],
            )
        except ValidationError as exc:
            errors_into(form, exc)
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
            errors_into(form, exc)
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
