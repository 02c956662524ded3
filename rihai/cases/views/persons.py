"""A person's record: history, duplicates, revealing identifiers, merging."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rihai.accounts.access import RecordNotFound
from rihai.core.countries import country_name

from .. import actions, queries
from ..choices import Language
from ..duplicates import TooManyChecks, check_duplicates
from ..masking import IDENTIFIER_FIELDS, mask
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
            "nationality": country_name(person.nationality),
            "languages": [str(dict(Language.choices).get(code, code)) for code in person.languages],
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


# The fields the merge page compares, in the order of the registration form.
MERGE_FIELDS = (
    "name_ur",
    "name_roman",
    "parentage_relation",
    "parentage_name",
    "sex",
    "date_of_birth",
    "estimated_age",
    "nationality",
    "cnic",
    "bform",
    "passport",
    "phone",
    "address",
    "province",
    "district",
    "languages",
    "needs_interpreter",
    "has_disability",
    "guardian_name",
    "guardian_phone",
)


def _shown(person, name) -> str:
    value = getattr(person, name)
    display = getattr(person, f"get_{name}_display", None)
    if display and value:
        return str(display())
    if name in IDENTIFIER_FIELDS:
        return mask(str(value or ""))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


@login_required
@require_POST
def person_merge(request, person_id):
    """Folds another record (a duplicate found on this page) into this one.

    The first POST shows both records side by side, each differing field with a choice of
    which value to keep; the confirmed POST merges with those choices in one action."""
    survivor = queries.access_person(request.user, person_id, "change")
    try:
        duplicate = queries.access_person(
            request.user, int(request.POST.get("duplicate", "")), "change"
        )
    except ValueError:
        raise RecordNotFound from None
    rows = [
        {
            "name": name,
            "label": Person._meta.get_field(name).verbose_name,
            "keep": _shown(survivor, name),
            "other": _shown(duplicate, name),
            # Preselected: the kept record's value, unless it has none and the other has one.
            "take": not getattr(survivor, name) and bool(getattr(duplicate, name)),
        }
        for name in MERGE_FIELDS
        if getattr(survivor, name) != getattr(duplicate, name)
    ]
    if request.POST.get("confirmed") != "1":
        actions.log_personal_data_view(request.user, survivor)
        actions.log_personal_data_view(request.user, duplicate)
        return render(
            request,
            "cases/merge.html",
            {"survivor": survivor, "duplicate": duplicate, "rows": rows},
        )
    take = [r["name"] for r in rows if request.POST.get(f"take_{r['name']}") == "duplicate"]
    try:
        actions.do_merge_persons(
            survivor=survivor,
            duplicate=duplicate,
            acting_user=request.user,
            take_from_duplicate=take,
        )
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
