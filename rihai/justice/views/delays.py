"""The supervisor's list of what is overdue, grouped by district, circle or station, and stage."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from rihai.accounts.access import require

from .. import actions, delays
from ..resources import Resource


@login_required
def overdue_list(request):
    require(request.user, Resource.INVESTIGATION, "view")
    items = delays.overdue(request.user)
    stalled = list(delays.stalled_trials(request.user))
    actions.log_personal_data_view(
        request.user,
        object_type="justice.investigation",
        listed_ids=[o.investigation.pk for o in items] + [i.pk for i in stalled],
    )
    return render(
        request,
        "justice/overdue.html",
        {
            "items": items,
            "stalled": stalled,
            "groups": delays.overdue_by_place(items),
            "limits": delays.stage_limits().values(),
            "stalled_days": delays.stalled_trial_days(),
        },
    )
