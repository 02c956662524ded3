"""The receiving agency's side: the queue of public reports, reading one, deciding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import require
from rihai.audit.actions import record_audit

from .. import actions, queries
from ..forms import TriageForm
from ..resources import REPORT


@login_required
def intake(request):
    require(request.user, REPORT, "view")
    reports = queries.intake_queue(request.user)
    if request.GET.get("open"):
        reports = reports.filter(status__in=["received", "under-review"])
    page = list(reports[:100])
    # Lists show kind, district, urgency and dates only: no report text, so no audit row.
    return render(request, "portal/intake.html", {"reports": page})


@login_required
def intake_detail(request, report_id):
    report = queries.access_report(request.user, report_id)
    record_audit(event="record-viewed", acting_user=request.user, obj=report)
    return render(
        request,
        "portal/intake_detail.html",
        {
            "report": report,
            "additions": list(report.additions.all()),
            "form": TriageForm(),
            "can_change": request.user.can(REPORT, "change"),
        },
    )


@login_required
@require_POST
def intake_take(request, report_id):
    report = queries.access_report(request.user, report_id, "change")
    try:
        actions.do_take_report(report=report, acting_user=request.user)
        messages.success(request, _("You are now looking at this report."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("intake:detail", report_id=report.pk)


@login_required
@require_POST
def intake_triage(request, report_id):
    report = queries.access_report(request.user, report_id, "change")
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            actions.do_triage_report(report=report, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("intake:list")
    record_audit(event="record-viewed", acting_user=request.user, obj=report)
    return render(
        request,
        "portal/intake_detail.html",
        {
            "report": report,
            "additions": list(report.additions.all()),
            "form": form,
            "can_change": True,
        },
        status=400,
    )
