"""What a triage decision opens in the app that acts on it: a case, an investigation, or a
check of the recruiter in ad screening.

Each opener calls the target app's own public action, so that app's rules apply as they
would on its own pages: its grant check, its scope check, its validation and its audit row.
The call runs the action's body inside the triage action's transaction (``inner``): an
``@action`` is durable and cannot be nested as such, and the report's link must commit with
the record it points to or not at all (a case opened with no report pointing to it, or a
report marked acted-on with no record, would both be lies).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from rihai.cases import actions as cases_actions
from rihai.core.actions import as_step
from rihai.justice import actions as justice_actions
from rihai.screening import actions as screening_actions

from .choices import TriageOutcome
from .models import Report


def reference(report: Report) -> str:
    """How the target record names the report it came from (no tracking code: that stays
    the sender's)."""
    return f"PUBLIC-{report.pk}"


def _refused(what: str):
    return ValidationError(
        _("Your role cannot %(what)s. Ask a colleague who can, or choose another decision.")
        % {"what": what}
    )


def open_case(report: Report, acting_user, *, person_name: str, person_sex: str):
    """Registers the person the report is about and opens their case at the user's agency;
    the case's summary is the report's account, its place the report's district."""
    if not (person_name or "").strip():
        raise ValidationError(
            {"person_name": _("Give a name for the person (the name in the report will do).")}
        )
    try:
        return as_step(cases_actions.do_register_person_and_open_case)(
            acting_user=acting_user,
            person_fields={"name_roman": person_name.strip()[:120], "sex": person_sex},
            district=report.district,
            province=report.district.province if report.district else None,
            summary=report.what_happened,
        )
    except PermissionDenied:
        raise _refused(_("open a case")) from None


def open_investigation(report: Report, acting_user):
    """Opens an inquiry at the user's agency in the complaint stage, numbered after the
    report and dated the day the report came in."""
    try:
        return as_step(justice_actions.do_open_investigation)(
            acting_user=acting_user,
            complaint_number=reference(report),
            complaint_date=report.received_on,
            district=report.district,
        )
    except PermissionDenied:
        raise _refused(_("open an investigation")) from None


def send_to_screening(report: Report, acting_user):
    """Puts what the report says about the recruiter (names, numbers, links, never the
    sender's story or contact) into the ad-screening queue as a one-line batch, where
    reviewers score it against the register and raise a lead."""
    import json

    recruiter = "\n".join(part for part in (report.who, report.phones, report.links) if part)
    if not recruiter.strip():
        raise ValidationError(
            _("The report names no recruiter, number or link to check. Choose another decision.")
        )
    line = {"id": reference(report), "text": recruiter, "source": "public-report"}
    content = (json.dumps(line, ensure_ascii=False) + "\n").encode()
    try:
        batch, _created = as_step(screening_actions.do_upload_ad_batch)(
            acting_user=acting_user, content=content, file_name=f"{reference(report)}.jsonl"
        )
    except PermissionDenied:
        raise _refused(_("send a check to ad screening")) from None
    return batch


def open_for(report: Report, acting_user, outcome: str, **details) -> dict:
    """Opens what ``outcome`` asks for; returns the report fields that link to it."""
    if outcome == TriageOutcome.CASE:
        return {"case": open_case(report, acting_user, **details)}
    if outcome == TriageOutcome.INVESTIGATION:
        return {"investigation": open_investigation(report, acting_user)}
    if outcome == TriageOutcome.SCREENING:
        return {"ad_batch": send_to_screening(report, acting_user)}
    return {}
