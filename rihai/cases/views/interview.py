"""The identification interview (ILO indicators and PTPA 2018) on a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require

from .. import actions, queries
from ..identification import CURRENT_VERSION, load_ruleset
from ..resources import Resource


@login_required
def case_screening(request, case_id):
    """The guided interview: the ILO indicators by dimension, then the PTPA and PSMA questions."""
    case = queries.access_case(request.user, case_id, "change")
    require(request.user, Resource.SCREENING, "create")
    members = list(case.members.select_related("person"))
    try:
        person = next(
            m.person
            for m in members
            if str(m.person.pk)
            == (
                request.POST.get("person") or request.GET.get("person") or str(members[0].person.pk)
            )
        )
    except StopIteration:
        raise RecordNotFound from None
    ruleset = load_ruleset(CURRENT_VERSION)
    is_child = person.age is None or person.is_child
    error = None
    ticked = set()
    if request.method == "POST":
        ticked = {key for key in ruleset.all_question_ids if request.POST.get(key) == "yes"}
        # Unticked boxes send nothing, so "no" is known only when the worker says so; an
        # empty form is refused by the action, not read as "indicators insufficient".
        if ticked:
            answers = {key: key in ticked for key in ruleset.all_question_ids}
        elif request.POST.get("none_apply") == "yes":
            answers = dict.fromkeys(ruleset.all_question_ids, False)
        else:
            answers = {}
        try:
            actions.do_record_screening(
                case=case, person=person, answers=answers, acting_user=request.user
            )
        except ValidationError as exc:
            error = exc.messages
        else:
            messages.success(
                request,
                _(
                    "Screening recorded. Read the recommendation and its reasons, then record your decision."
                ),
            )
            return redirect("cases:detail", case_id=case.pk)
    weight = "child" if is_child else "adult"
    dimensions = [
        {
            "dimension": d,
            "indicators": [(i, getattr(i, weight)) for i in d.indicators if getattr(i, weight)],
        }
        for d in ruleset.dimensions
    ]
    return render(
        request,
        "cases/interview.html",
        {
            "case": case,
            "person": person,
            "members": members,
            "dimensions": dimensions,
            "ruleset": ruleset,
            "is_child": is_child,
            "error": error,
            "ticked": ticked,
        },
    )
