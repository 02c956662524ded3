"""The offences catalogue page: every section and version, with its source and mark."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from rihai.accounts.access import require

from .. import queries
from ..resources import Resource


@login_required
def offence_list(request):
    require(request.user, Resource.OFFENCE, "view")
    return render(request, "justice/offences.html", {"offences": queries.offences()})
