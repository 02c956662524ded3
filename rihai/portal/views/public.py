"""The public pages: no account, no staff session, no JavaScript needed.

These views never read ``request.user`` or the session: a staff member who is signed in sees
the public site exactly as anyone else, and nothing the public does is tied to a session.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from adscreen import screen_text

from .. import actions, challenge, queries, registry
from ..choices import ReportStatus
from ..forms import AdditionForm, CheckOfferForm, CodeForm, RecruiterForm, ReportForm
from ..helplines import published

BUDGETS = {"report": 5, "status": 30, "check": 60, "recruiter": 60}


def page(request, template: str, context: dict | None = None, *, status: int = 200):
    """Every public page shows the verified helplines (in its footer at least)."""
    return render(request, template, {"helplines": published(), **(context or {})}, status=status)


def _too_many(request, bucket: str):
    if challenge.within_budget(request, bucket, per_hour=BUDGETS[bucket]):
        return None
    return page(request, "portal/too_many.html", status=429)


def home(request):
    return page(request, "portal/home.html")


def guidance(request):
    return page(request, "portal/guidance.html")


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        refused = _too_many(request, "report")
        if refused:
            return refused
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in actions.REPORT_FIELDS}
            try:
                _report, code = actions.do_submit_report(
                    kind=form.cleaned_data["kind"],
                    urgent=form.cleaned_data["urgent"],
                    district=form.cleaned_data["district"],
                    **data,
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return page(
                    request,
                    "portal/report_sent.html",
                    {"code": code, "urgent": form.cleaned_data["urgent"]},
                )
    return page(request, "portal/report.html", {"form": form})


def _status_page(request, report, code, addition_form=None, added=False):
    return page(
        request,
        "portal/status.html",
        {
            "report": report,
            "status_label": ReportStatus(report.status).label,
            "addition_form": addition_form or AdditionForm(initial={"code": code}),
            "added": added,
            "closed": report.status == ReportStatus.CLOSED,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    """Follow a report with its code (POST only: a code in a URL ends up in logs and history)."""
    if request.method == "GET":
        return page(request, "portal/status_lookup.html", {"form": CodeForm()})
    refused = _too_many(request, "status")
    if refused:
        return refused
    if "text" in request.POST:  # adding information
        form = AdditionForm(request.POST)
        code = request.POST.get("code", "")
        report = queries.report_by_code(code)
        if report is None:
            return page(request, "portal/status_lookup.html", {"form": CodeForm(), "unknown": True})
        if form.is_valid():
            try:
                actions.do_add_to_report(code=code, text=form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return _status_page(request, report, code, added=True)
        return _status_page(request, report, code, addition_form=form)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return page(request, "portal/status_lookup.html", {"form": form})
    code = form.cleaned_data["code"]
    report = queries.report_by_code(code)
    if report is None:
        return page(request, "portal/status_lookup.html", {"form": form, "unknown": True})
    return _status_page(request, report, code)


@never_cache
@require_http_methods(["GET", "POST"])
def check_offer(request):
    """Screens pasted text with adscreen in this request; nothing pasted is stored."""
    form = CheckOfferForm(request.POST or None)
    result = checks = None
    if request.method == "POST":
        refused = _too_many(request, "check")
        if refused:
            return refused
        if form.is_valid():
            result = screen_text(form.cleaned_data["text"])
            checks = [
                (licence, registry.look_up(licence)[0]) for licence in result.entities.licences[:5]
            ]
    return page(
        request,
        "portal/check.html",
        {
            "form": form,
            "result": result,
            "licence_checks": checks,
            "phones": result.entities.phones[:10] if result else [],
            "abroad": bool(result and (result.entities.destinations or result.entities.visa_types)),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recruiter(request):
    form = RecruiterForm(request.POST or None)
    answers = None
    if request.method == "POST":
        refused = _too_many(request, "recruiter")
        if refused:
            return refused
        if form.is_valid():
            answers = registry.look_up(form.cleaned_data["query"])
    return page(request, "portal/recruiter.html", {"form": form, "answers": answers})
