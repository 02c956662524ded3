"""Registering a possible victim: the duplicate check first, then the case.

1. "Check for existing records" validates the person, runs the check (audited, rate-limited)
   and shows what it found, with a signed token naming exactly the data it ran on.
2. "Register and open the case" is accepted only with a token for the data now in the form;
   if the data changed, the check runs again instead. Where the check found possible matches
   the user must also say that this is a new person, a box shown only after the check.

A language button inside the form re-renders it in the other language with what was typed
(the header's switch would lose it), without JavaScript.
"""

import hashlib
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from rihai.accounts.access import require

from .. import actions
from ..duplicates import TooManyChecks, check_duplicates
from ..forms import NewCaseForm, PersonForm
from ..resources import Resource
from ._common import errors_into, focus_first_error

SALT = "rihai.cases.registration.duplicate-check"
CHECK_VALID_FOR = 3600  # seconds: an hour-old check is run again


def _digest(user, person_data: dict) -> str:
    """A hash of what the check ran on (never stored, never shown: only signed)."""
    canonical = json.dumps(
        {k: str(getattr(v, "pk", v)) for k, v in sorted(person_data.items())}, ensure_ascii=False
    )
    return hashlib.sha256(f"{user.pk}:{canonical}".encode()).hexdigest()


def _check_token(user, person_data: dict, found: bool) -> str:
    return signing.dumps({"d": _digest(user, person_data), "f": found}, salt=SALT)


def _checked(request, person_data: dict) -> dict | None:
    """The token's claims if it was issued to this user for exactly this data, else None."""
    try:
        claims = signing.loads(request.POST.get("checked", ""), salt=SALT, max_age=CHECK_VALID_FOR)
    except signing.BadSignature:
        return None
    return claims if claims.get("d") == _digest(request.user, person_data) else None


def _as_initial(form) -> dict:
    """What was typed, as initial values: shown again without error messages."""
    return {name: form[name].data for name in form.fields}


@login_required
def case_new(request):
    require(request.user, Resource.CASE, "create")
    if request.method == "POST" and request.POST.get("switch_language") in dict(settings.LANGUAGES):
        return _switch_language(request)
    person_form = PersonForm(request.POST or None, prefix="person")
    case_form = NewCaseForm(request.POST or None, prefix="case")
    context = {"person_form": person_form, "case_form": case_form, "duplicates": None}
    if request.method == "POST" and person_form.is_valid():
        person_data = person_form.action_kwargs()
        claims = _checked(request, person_data)
        wants_register = request.POST.get("step") == "register"
        if wants_register and claims is None and request.POST.get("checked"):
            messages.warning(
                request, _("The details changed since the check, so it ran again on them.")
            )
        if wants_register and claims is not None:
            if claims["f"] and request.POST.get("confirm_new_person") != "on":
                context["confirm_error"] = _(
                    "Possible existing records were found: say that this is a new person, or "
                    "open a case for the existing record."
                )
                context["token"] = request.POST["checked"]
                context["found"] = True
            elif case_form.is_valid():
                case = _register(request, person_form, case_form, person_data)
                if case is not None:
                    messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
                    return redirect("cases:detail", case_id=case.pk)
            if "token" not in context:
                context.update(token=request.POST["checked"], found=claims["f"])
        else:
            context.update(_run_check(request, person_data))
    focus_first_error(person_form, case_form)
    return render(request, "cases/new.html", context)


def _run_check(request, person_data: dict) -> dict:
    try:
        report = check_duplicates(request.user, person_data)
    except TooManyChecks:
        messages.error(
            request,
            _(
                "Too many duplicate checks this hour. Try again later; registering waits "
                "for the check."
            ),
        )
        return {}
    found = bool(report.matches) or report.elsewhere
    if found:
        messages.warning(
            request,
            _("Possible existing records were found. Check them before registering a new person."),
        )
    else:
        messages.info(request, _("No existing record matches. You can register the person now."))
    return {
        "duplicates": report.to_dict(),
        "token": _check_token(request.user, person_data, found),
        "found": found,
    }


def _register(request, person_form, case_form, person_data):
    try:
        # One action: a case that fails to open leaves no orphan person behind.
        # The user said "this is a new person" after the check found possible matches: the
        # action refuses an exact CNIC match without it (duplicates.py, under a lock).
        return actions.do_register_person_and_open_case(
            acting_user=request.user,
            person_fields=person_data,
            duplicate_acknowledged=request.POST.get("confirm_new_person") == "on",
            **case_form.cleaned_data,
        )
    except ValidationError as exc:
        errors_into(
            person_form
            if set(getattr(exc, "message_dict", {})) & set(person_form.fields)
            else case_form,
            exc,
        )
        return None


def _switch_language(request):
    language = request.POST["switch_language"]
    translation.activate(language)
    request.LANGUAGE_CODE = language
    bound_person = PersonForm(request.POST, prefix="person")
    bound_case = NewCaseForm(request.POST, prefix="case")
    person_form = PersonForm(prefix="person", initial=_as_initial(bound_person))
    case_form = NewCaseForm(prefix="case", initial=_as_initial(bound_case))
    response = render(
        request,
        "cases/new.html",
        {"person_form": person_form, "case_form": case_form, "duplicates": None},
    )
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
