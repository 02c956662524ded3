"""The service directory pages: search by district and need; a provider's page and beds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import require
from rihai.cases.choices import PersonSex

from .. import actions, queries
from ..forms import BedsForm, DirectorySearchForm
from ..resources import Resource
from .common import form_errors, report


@login_required
def directory(request):
    require(request.user, Resource.SERVICE, "view")
    form = DirectorySearchForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"district": data["district"], "need": data["need"], "text": data["q"]}
    page = Paginator(queries.directory(request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def provider_detail(request, provider_id):
    provider = queries.access_provider(request.user, provider_id)
    can_change = queries.visible_providers(request.user, "change").filter(pk=provider.pk).exists()
    return render(
        request,
        "referrals/provider.html",
        {
            "provider": provider,
            "services": provider.services.all(),
            "districts": provider.districts_served.all(),
            "beds": queries.beds_of(provider),
            "beds_form": BedsForm() if can_change else None,
            # Coded values in the reader's language.
            "serves": [
                str(PersonSex(code).label) if code in PersonSex.values else code
                for code in provider.eligible_sexes
            ],
        },
    )


@login_required
@require_POST
def provider_beds(request, provider_id):
    provider = queries.access_provider(request.user, provider_id, "change")
    form = BedsForm(request.POST)
    if form.is_valid():
        try:
            actions.do_set_bed_capacity(
                provider=provider, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, _("Beds updated."))
    else:
        form_errors(request, form)
    return redirect("referrals:provider", provider_id=provider.pk)
