"""Cases: the list, registration, the case page, editing the facts, assignment, family,
and a new case for a person already known."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rihai.accounts.access import require
from rihai.core.countries import country_name

from .. import actions, queries, workflow
from ..choices import Jurisdiction
from ..forms import (
    AssignmentForm,
    CaseFactsEditForm,
    ConsentForm,
    DecisionForm,
    FamilyForm,
    OpenCaseForm,
    StatusForm,
)
from ..identification.explain import describe
from ..models import Case, Consent
from ..queries import case_detail_queryset
from ..resources import Resource
from ..routing import describe as describe_jurisdiction
from ..routing import suggest_jurisdictions
from ._common import errors_into


@login_required
def case_detail(request, case_id):
    return render_detail(request, case_id)


def render_detail(request, case_id, *, status_form=None, consent_form=None, decision_form=None):
    """The case page; a form that failed comes back bound, so what was typed stays."""
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
    allowed = workflow.targets(case.status)
    latest = assessments[0]["assessment"].recommendation if assessments else ""
    status_form = status_form or StatusForm(allowed=allowed, recommendation=latest)
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
            "any_child": any(p.is_child for p in people),
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
            "decision_form": decision_form or DecisionForm(),
            "consent_form": consent_form or ConsentForm(members=members),
            "consent_open": consent_form is not None,
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
