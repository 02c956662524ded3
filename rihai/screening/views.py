"""Web pages for ad screening: thin views over queries (reads) and actions (writes)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import require

from . import actions, graph, queries
from .forms import (
    APP_FLAGS,
    DecisionForm,
    QueueFilterForm,
    RegistrySearchForm,
    RegistryUploadForm,
    UploadForm,
)
from .highlight import pieces
from .models.ads import Ad, ReviewStatus
from .paging import CappedPaginator
from .reasons import with_labels
from .resources import Resource
from .views_leads import investigations_to_attach

PAGE_SIZE = 50
MAX_UPLOAD = 50 * 1024 * 1024


def _messages_of(exc: ValidationError) -> list[str]:
    return (
        [m for ms in exc.message_dict.values() for m in ms]
        if hasattr(exc, "error_dict")
        else exc.messages
    )


# ---------------------------------------------------------------- review queue


@login_required
def queue(request):
    require(request.user, Resource.AD, "view")
    form = QueueFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    page = CappedPaginator(queries.review_queue(request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions.log_ads_viewed(request.user, listed_ids=[a.pk for a in page])
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "ad": ad,
            "snippet": ad.text[:220],
            "flags": Ad.split(ad.flag_codes),
            "app_flags": [APP_FLAGS.get(f, f) for f in Ad.split(ad.app_flags)],
            "destinations": Ad.split(ad.destinations),
        }
        for ad in page
    ]
    return render(
        request,
        "screening/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_upload": request.user.can(Resource.AD, "create"),
            "can_export": request.user.can(Resource.AD, "export"),
        },
    )


@login_required
def ad_detail(request, ad_id):
    ad = queries.access_ad(request.user, ad_id)
    can_decide = request.user.can(Resource.AD, "change")
    form = DecisionForm(request.POST or None) if can_decide else None
    if request.method == "POST":
        if form is None:
            require(request.user, Resource.AD, "change")  # refused: PermissionDenied
        if form.is_valid():
            try:
                actions.do_decide_ad(acting_user=request.user, ad=ad, **form.cleaned_data)
            except ValidationError as exc:
                for message in _messages_of(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("screening:ad", ad_id=ad.pk)
    actions.log_ads_viewed(request.user, ad=ad)
    entities = json.loads(ad.entities or "{}")
    return render(
        request,
        "screening/ad_detail.html",
        {
            "ad": ad,
            "pieces": pieces(ad.normalized_text, ad.flags),
            "flags": ad.flags,
            "app_flags": [APP_FLAGS.get(f, f) for f in Ad.split(ad.app_flags)],
            "entities": entities,
            "decisions": queries.ad_decisions(ad),
            "form": form,
        },
    )


@login_required
def export_decisions(request):
    """Labelled data for retraining: lead = 1, dismissed = 0 (watch is no label)."""
    require(request.user, Resource.AD, "export")
    decisions = [
        d for d in queries.labelled_decisions(request.user) if d.decision != ReviewStatus.WATCHED
    ]
    actions.log_ads_exported(request.user, count=len(decisions))

    def lines():
        for d in decisions:
            yield (
                json.dumps(
                    {
                        "id": f"rihai-ad-{d.ad_id}",
                        "text": d.ad.text,
                        "source": d.ad.source,
                        "label": 1 if d.decision == ReviewStatus.LEAD else 0,
                        "decided_on": d.decided_on.isoformat(),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="rihai-ad-labels.jsonl"'
    return response


# ---------------------------------------------------------------- networks


@login_required
def network_list(request):
    require(request.user, Resource.AD, "view")
    page = Paginator(queries.visible_networks(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "screening/networks.html", {"page": page})


@login_required
def network_detail(request, network_id):
    network = queries.access_network(request.user, network_id)
    ads = list(
        queries.visible_ads(request.user)
        .filter(network=network)
        .only("id", "text", "entities", "licences", "score", "band", "source", "created_on")
        .order_by("-score", "id")[:500]
    )
    actions.log_ads_viewed(request.user, listed_ids=[a.pk for a in ads])
    drawn = graph.build(request.user, ads)
    if drawn["suspects"]:
        actions.log_suspects_shown(request.user, [s["suspect"].pk for s in drawn["suspects"]])
    return render(
        request,
        "screening/network.html",
        {
            "network": network,
            "rows": [{"ad": a, "snippet": a.text[:200]} for a in ads],
            "contacts": queries.network_contacts(ads),
            "graph": {"nodes": drawn["nodes"], "edges": drawn["edges"]},
            "suspects": drawn["suspects"],
            "elsewhere": drawn["elsewhere"],
            "drawn_ads": min(len(ads), graph.MAX_ADS),
        },
    )


# ---------------------------------------------------------------- batches


def _read_upload(form) -> tuple[bytes, str]:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("The file is larger than 50 MB; split it into several batches."))
    return upload.read(), upload.name


@login_required
def batches(request):
    require(request.user, Resource.AD, "create")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            content, name = _read_upload(form)
            batch, created = actions.do_upload_ad_batch(
                acting_user=request.user, content=content, file_name=name
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error("file", message)
        else:
            if not created:
                messages.warning(
                    request, _("This file was uploaded before: nothing was added twice.")
                )
            return redirect("screening:batch", batch_id=batch.pk)
    return render(
        request,
        "screening/batches.html",
        {"form": form, "batches": queries.visible_batches(request.user, "create")[:50]},
    )


@login_required
def batch_detail(request, batch_id):
    batch = queries.access_batch(request.user, batch_id, "create")
    template = "screening/batch_progress.html" if request.htmx else "screening/batch.html"
    return render(request, template, {"batch": batch, "rejects": with_labels(batch.rejects[:500])})


@login_required
@require_POST
def batch_cancel(request, batch_id):
    batch = queries.access_batch(request.user, batch_id, "create")
    try:
        actions.do_cancel_ad_batch(batch=batch, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
    else:
        messages.success(request, _("Scoring stops after the chunk in progress."))
    return redirect("screening:batch", batch_id=batch.pk)


# ---------------------------------------------------------------- leads


@login_required
def leads(request):
    require(request.user, Resource.LEAD, "view")
    return render(
        request,
        "screening/leads.html",
        {
            "leads": queries.visible_leads(request.user)
            .select_related("agency", "target_agency", "raised_by")
            .order_by("-raised_on")[:200],
            "can_approve": request.user.can(Resource.LEAD, "approve"),
            "investigations": investigations_to_attach(request.user),
            "can_open": request.user.can("investigation", "create"),
        },
    )


@login_required
@require_POST
def lead_decide(request, lead_id):
    lead = queries.access_lead(request.user, lead_id, "approve")
    try:
        actions.do_decide_lead(
            lead=lead, approve=request.POST.get("approve") == "yes", acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
    return redirect("screening:leads")


# ---------------------------------------------------------------- registry


@login_required
def registry(request):
    require(request.user, Resource.REGISTRY, "view")
    form = RegistrySearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    verification = queries.verify_recruiter(search) if search else None
    page = Paginator(queries.registry_list(search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "screening/registry.html",
        {
            "form": form,
            "page": page,
            "verification": verification,
            "can_import": request.user.can(Resource.REGISTRY, "change"),
        },
    )


@login_required
def registry_import(request):
    require(request.user, Resource.REGISTRY, "change")
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            content, name = _read_upload(form)
            made = actions.do_preview_registry_import(
                acting_user=request.user, content=content, file_name=name
            )
        except ValidationError as exc:
            for message in _messages_of(exc):
                form.add_error("file", message)
        else:
            return redirect("screening:registry-import-detail", import_id=made.pk)
    return render(
        request,
        "screening/registry_import.html",
        {"form": form, "imports": queries.visible_imports(request.user, "change")[:20]},
    )


@login_required
def registry_import_detail(request, import_id):
    made = queries.access_import(request.user, import_id, "change")
    if request.method == "POST":
        try:
            actions.do_apply_registry_import(registry_import=made, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(_messages_of(exc)))
        else:
            messages.success(request, _("The registry was updated."))
        return redirect("screening:registry-import-detail", import_id=made.pk)
    report = made.report
    return render(
        request,
        "screening/registry_preview.html",
        {
            "import": made,
            "report": report,
            "errors": with_labels(report.get("errors", [])),
        },
    )
