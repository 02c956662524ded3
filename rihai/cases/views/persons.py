"""A person's record: history, duplicates, revealing identifiers, merging."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound

from .. import actions, queries
from ..duplicates import TooManyChecks, check_duplicates
from ..masking import IDENTIFIER_FIELDS
from ..models import CaseMember, Person
from ..resources import Resource

DUPLICATE_FIELDS = (
    "name_roman",
    "name_ur",
    "parentage_name",
    "sex",
    "date_of_birth",
    "estimated_age",
    "cnic",
    "bform",
    "passport",
    "phone",
)


@login_required
def person_detail(request, person_id):
    person = queries.access_person(request.user, person_id)
    memberships = (
        CaseMember.objects.filter(person=person, case__in=queries.visible_cases(request.user))
        .select_related("case", "case__agency")
        .order_by("-case__created_on")
    )
    data = {name: getattr(person, name) for name in DUPLICATE_FIELDS}
    actions.log_personal_data_view(request.user, person)
    try:  # audited and rate-limited like every duplicate check (duplicates.py)
        report, refused = check_duplicates(request.user, data, exclude_id=person.pk), False
    except TooManyChecks:
        report, refused = None, True
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "merged_from": list(person.merged_from.values_list("pk", flat=True)),
            "duplicates": report.to_dict() if report else None,
            "duplicates_refused": refused,
            "can_change": request.user.can(Resource.PERSON, "change"),
            "can_reveal": request.user.can(Resource.IDENTIFIERS, "view"),
            "can_open": request.user.can(Resource.CASE, "create"),
        },
    )


@login_required
@require_POST
def person_reveal(request, person_id):
    """Shows one full identifier once; the reveal is an audited action."""

    person = queries.access_person(request.user, person_id)
    field = request.POST.get("field", "")
    if field not in IDENTIFIER_FIELDS:
        raise RecordNotFound
    try:
        value = actions.do_reveal_identifier(person=person, field=field, acting_user=request.user)
    except PermissionDenied:
        raise RecordNotFound from None
    response = render(
        request,
        "cases/reveal.html",
        {"person": person, "label": Person._meta.get_field(field).verbose_name, "value": value},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def person_merge(request, person_id):
    """Folds another record (a duplicate found on this page) into this one."""
    survivor = queries.access_person(request.user, person_id, "change")
    try:
        duplicate = queries.access_person(
            request.user, int(request.POST.get("duplicate", "")), "change"
        )
    except ValueError:
        raise RecordNotFound from None
    try:
        actions.do_merge_persons(survivor=survivor, duplicate=duplicate, acting_user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Record P-%(dup)s was merged into P-%(keep)s; both histories are kept.")
            % {"dup": duplicate.pk, "keep": survivor.pk},
        )
    return redirect("cases:person", person_id=survivor.pk)
