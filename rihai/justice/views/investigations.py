"""Investigation pages: list, open, detail, and one POST per action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound, require
from rihai.cases import queries as cases_queries
from rihai.core.form_errors import errors_into

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
            errors_into(form, exc)
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


def _form_action(form_class, do, success, *, access="change", keep=dict):
    """A POST view for an action that takes the investigation and a form's cleaned data.

    The investigation is read in the user's scope (``access``); ``keep`` shapes the data before
    ``do`` (an action of ``..actions``) runs; errors become messages and the user goes back to
    the investigation. One shape for the seven actions that need nothing else.
    """

    @login_required
    @require_POST
    def view(request, investigation_id):
        inv = _for_change(request, investigation_id, access)
        return run_and_return(
            request,
            inv,
            form_class(request.POST),
            lambda data: do(investigation=inv, acting_user=request.user, **keep(data)),
            success,
        )

    view.__name__ = view.__qualname__ = do.__name__.removeprefix("do_")
    return view


def _given(data: dict) -> dict:
    """The fields filled in: an outcome's sentence, fine or compensation may be left empty."""
    return {k: v for k, v in data.items() if v not in ("", None)}


stage_record = _form_action(StageForm, actions.do_record_stage, gettext_lazy("Stage recorded."))
offence_charge = _form_action(
    OffenceForm, actions.do_charge_offence, gettext_lazy("Offence charged.")
)
hearing_add = _form_action(
    HearingForm, actions.do_schedule_hearing, gettext_lazy("Hearing scheduled.")
)
# The action checks the rest: withdrawal and compromise need the supervisor's approve grant.
outcome_record = _form_action(
    OutcomeForm,
    actions.do_record_outcome,
    gettext_lazy("Outcome recorded."),
    access="view",
    keep=_given,
)
compensation_record = _form_action(
    CompensationForm, actions.do_record_compensation_paid, gettext_lazy("Payment recorded.")
)
evidence_add = _form_action(EvidenceForm, actions.do_add_evidence, gettext_lazy("Evidence added."))
suspect_add = _form_action(SuspectForm, actions.do_accuse_suspect, gettext_lazy("Suspect named."))


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


def _record_action(reach, form_for, do, keyword, success):
    """A POST view for an action on a record inside the investigation (a victim link, an
    evidence item): both read in the user's scope, and the record must belong to the
    investigation named in the URL (another investigation's record reads as not found)."""

    @login_required
    @require_POST
    def view(request, investigation_id, **url_kwargs):
        inv = _for_change(request, investigation_id)
        (record_id,) = url_kwargs.values()  # link_id or evidence_id
        record = reach(request.user, record_id, "change")
        if record.investigation_id != inv.pk:
            raise RecordNotFound
        return run_and_return(
            request,
            inv,
            form_for(request.POST, record),
            lambda data: do(**{keyword: record}, acting_user=request.user, **data),
            success,
        )

    view.__name__ = view.__qualname__ = do.__name__.removeprefix("do_")
    return view


protection_set = _record_action(
    queries.access_victim_link,
    lambda post, link: ProtectionForm(post, prefix=f"p{link.pk}"),  # one form per victim
    actions.do_set_protection_measures,
    "link",
    gettext_lazy("Protection measures saved."),
)
custody_add = _record_action(
    queries.access_evidence,
    lambda post, _evidence: CustodyForm(post),
    actions.do_record_custody,
    "evidence",
    gettext_lazy("Hand-over recorded."),
)
