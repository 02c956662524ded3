"""Investigation pages: list, open, detail, and one POST per action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require
from rihai.cases import queries as cases_queries

from .. import actions, queries
from ..choices import TRANSITIONS, AccusedStatus, ProtectionMeasure, Stage
from ..forms import (
    CompensationForm,
    CustodyForm,
    EvidenceForm,
    HearingForm,
    NewInvestigationForm,
    OffenceForm,
    OutcomeForm,
    ProtectionForm,
    StageForm,
    SuspectForm,
    VictimLinkForm,
)
from ..resources import Resource
from .common import run_and_return

PAGE_SIZE = 50


@login_required
def investigation_list(request):
    require(request.user, Resource.INVESTIGATION, "view")
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    page = Paginator(queries.investigation_list(request.user, stage=stage), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions.log_personal_data_view(
        request.user, object_type="justice.investigation", listed_ids=[i.pk for i in page]
    )
    return render(
        request,
        "justice/list.html",
        {
            "page": page,
            "stage": stage,
            "stages": Stage.choices,
            "can_create": request.user.can(Resource.INVESTIGATION, "create"),
        },
    )


@login_required
def investigation_new(request):
    require(request.user, Resource.INVESTIGATION, "create")
    form = NewInvestigationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            investigation = actions.do_open_investigation(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Investigation %(ref)s opened.") % {"ref": investigation.reference}
            )
            return redirect("justice:detail", investigation_id=investigation.pk)
    return render(
        request,
        "justice/form_page.html",
        {"title": _("Open an investigation"), "form": form, "submit": _("Open")},
    )


@login_required
def investigation_detail(request, investigation_id):
    investigation = queries.investigation_detail(request.user, investigation_id)
    actions.log_personal_data_view(request.user, investigation)
    can_change = request.user.can(Resource.INVESTIGATION, "change")
    victims = [
        {
            "link": link,
            "identity": queries.victim_identity(request.user, link.case),
            "measures": [ProtectionMeasure(m).label for m in link.protection_measures],
            "form": ProtectionForm(
                initial={"measures": link.protection_measures}, prefix=f"p{link.pk}"
            ),
        }
        for link in investigation.victim_links.all()
    ]
    next_stages = [
        (s, Stage(s).label) for s in Stage.values if s in TRANSITIONS[investigation.stage]
    ]
    stage_form = StageForm()
    stage_form.fields["stage"].choices = next_stages
    return render(
        request,
        "justice/detail.html",
        {
            "inv": investigation,
            "victims": victims,
            "can_change": can_change and not investigation.outcome,
            "can_approve": request.user.can(Resource.INVESTIGATION, "approve"),
            # An accused's status may still change after the outcome (a conviction is recorded
            # for each accused at judgment).
            "can_record_status": can_change,
            "final_statuses": ["acquitted", "convicted", "discharged"],
            "accused_statuses": [c for c in AccusedStatus.choices if c[0] != AccusedStatus.NAMED],
            "can_pay": can_change and bool(investigation.compensation_ordered_rupees),
            "stage_form": stage_form if next_stages else None,
            "offence_form": OffenceForm(),
            "victim_form": VictimLinkForm(),
            "hearing_form": HearingForm(),
            "outcome_form": OutcomeForm(),
            "compensation_form": CompensationForm(),
            "evidence_form": EvidenceForm(),
            "custody_form": CustodyForm(),
            "suspect_form": SuspectForm(),
        },
    )


def _for_change(request, investigation_id, access="change"):
    return queries.access_investigation(request.user, investigation_id, access)


@login_required
@require_POST
def stage_record(request, investigation_id):
    inv = _for_change(request, investigation_id)
    return run_and_return(
        request,
        inv,
        StageForm(request.POST),
        lambda d: actions.do_record_stage(investigation=inv, acting_user=request.user, **d),
        _("Stage recorded."),
    )


@login_required
@require_POST
def offence_charge(request, investigation_id):
    inv = _for_change(request, investigation_id)
    return run_and_return(
        request,
        inv,
        OffenceForm(request.POST),
        lambda d: actions.do_charge_offence(investigation=inv, acting_user=request.user, **d),
        _("Offence charged."),
    )


@login_required
@require_POST
def victim_link(request, investigation_id):
    inv = _for_change(request, investigation_id)

    def run(data):
        # Only among cases the user may see; an unknown reference and another agency's case
        # read the same.
        case = (
            cases_queries.visible_cases(request.user)
            .filter(reference=data["case_reference"].strip().upper())
            .first()
        )
        if case is None:
            raise ValidationError(_("No case you may see has this reference."))
        actions.do_link_victim_case(
            investigation=inv,
            case=case,
            acting_user=request.user,
            protection_measures=data["protection_measures"],
        )

    return run_and_return(request, inv, VictimLinkForm(request.POST), run, _("Case linked."))


@login_required
@require_POST
def protection_set(request, investigation_id, link_id):
    inv = _for_change(request, investigation_id)
    link = queries.access_victim_link(request.user, link_id, "change")
    if link.investigation_id != inv.pk:
        raise RecordNotFound
    return run_and_return(
        request,
        inv,
        ProtectionForm(request.POST, prefix=f"p{link.pk}"),
        lambda d: actions.do_set_protection_measures(link=link, acting_user=request.user, **d),
        _("Protection measures saved."),
    )


@login_required
@require_POST
def hearing_add(request, investigation_id):
    inv = _for_change(request, investigation_id)
    return run_and_return(
        request,
        inv,
        HearingForm(request.POST),
        lambda d: actions.do_schedule_hearing(investigation=inv, acting_user=request.user, **d),
        _("Hearing scheduled."),
    )


@login_required
@require_POST
def outcome_record(request, investigation_id):
    inv = _for_change(request, investigation_id, access="view")  # the action checks the rest
    return run_and_return(
        request,
        inv,
        OutcomeForm(request.POST),
        lambda d: actions.do_record_outcome(
            investigation=inv,
            acting_user=request.user,
            **{k: v for k, v in d.items() if v not in ("", None)},
        ),
        _("Outcome recorded."),
    )


@login_required
@require_POST
def compensation_record(request, investigation_id):
    inv = _for_change(request, investigation_id)
    return run_and_return(
        request,
        inv,
        CompensationForm(request.POST),
        lambda d: actions.do_record_compensation_paid(
            investigation=inv, acting_user=request.user, **d
        ),
        _("Payment recorded."),
    )


@login_required
@require_POST
def evidence_add(request, investigation_id):
    inv = _for_change(request, investigation_id)
    return run_and_return(
        request,
        inv,
        EvidenceForm(request.POST),
        lambda d: actions.do_add_evidence(investigation=inv, acting_user=request.user, **d),
        _("Evidence added."),
    )


@login_required
@require_POST
def custody_add(request, investigation_id, evidence_id):
    inv = _for_change(request, investigation_id)
    evidence = queries.access_evidence(request.user, evidence_id, "change")
    if evidence.investigation_id != inv.pk:
        raise RecordNotFound
    return run_and_return(
        request,
        inv,
        CustodyForm(request.POST),
        lambda d: actions.do_record_custody(evidence=evidence, acting_user=request.user, **d),
        _("Hand-over recorded."),
    )


@login_required
@require_POST
def suspect_add(request, investigation_id):
    inv = _for_change(request, investigation_id)
    return run_and_return(
        request,
        inv,
        SuspectForm(request.POST),
        lambda d: actions.do_accuse_suspect(investigation=inv, acting_user=request.user, **d),
        _("Suspect named."),
    )
