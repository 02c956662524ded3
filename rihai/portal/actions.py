"""Every change to public reports: one action each, atomic, audited.

Audit rows of the public side are written with no IP address (the request context's address
is replaced for them): the audit log must not become the record of who reported.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rihai.audit.actions import record_audit
from rihai.core import request_context
from rihai.core.actions import action

from . import triage
from .choices import ReportStatus, TriageOutcome
from .codes import code_hash, new_code
from .models import Report, ReportAddition
from .queries import access_report, report_by_code
from .routing import agency_for

REPORT_FIELDS = ("what_happened", "who", "phones", "links", "contact")


def _audit_anonymously(**kwargs) -> None:
    with request_context.acting_through("web", ip_address=None):
        record_audit(**kwargs)


@action
def do_submit_report(
    *,
    acting_user=None,
    kind: str,
    urgent: bool,
    district,
    what_happened: str,
    who: str = "",
    phones: str = "",
    links: str = "",
    contact: str = "",
) -> tuple[Report, str]:
    """Stores an anonymous report, routes it, and returns it with its tracking code (shown
    to the sender once, never stored in clear)."""
    if not (what_happened or "").strip():
        raise ValidationError({"what_happened": _("Tell us what happened.")})
    code = new_code()
    report = Report(
        code_bidx=code_hash(code),
        kind=kind,
        urgent=bool(urgent),
        district=district,
        what_happened=what_happened.strip(),
        who=who.strip(),
        phones=phones.strip(),
        links=links.strip(),
        contact=contact.strip(),
        routed_to=agency_for(kind, district),
    )
    report.full_clean(exclude=["code_bidx"])
    report.save()
    _audit_anonymously(
        event="report-received",
        obj=report,
        agency_id=report.routed_to_id,
        extra={"kind": kind, "urgent": report.urgent},
    )
    return report, code


@action
def do_add_to_report(*, acting_user=None, code: str, text: str) -> ReportAddition:
    """The sender adds information with their code; a wrong code is refused like a missing one."""
    report = report_by_code(code)
    if report is None:
        raise ValidationError({"code": _("No report has this tracking code. Check the code.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write what you want to add.")})
    if report.status == ReportStatus.CLOSED:
        raise ValidationError({"text": _("This report is closed; please send a new report.")})
    addition = ReportAddition.objects.create(report=report, text=text.strip())
    _audit_anonymously(event="report-added-to", obj=report, agency_id=report.routed_to_id, extra={})
    return addition


@action
def do_take_report(*, report: Report, acting_user) -> Report:
    """A member of the receiving agency starts looking at the report."""
    report = access_report(acting_user, report.pk, "change")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.RECEIVED:
        raise ValidationError(_("Someone is already looking at this report."))
    report.status = ReportStatus.UNDER_REVIEW
    report.save(update_fields=["status"])
    record_audit(event="report-taken", acting_user=acting_user, obj=report)
    return report


@action
def do_triage_report(
    *,
    report: Report,
    outcome: str,
    note: str,
    acting_user,
    person_name: str = "",
    person_sex: str = "unknown",
) -> Report:
    """Decides what becomes of the report and opens it in the app that acts on it (a case,
    an investigation, a check in ad screening) through that app's own action, in this one
    transaction; the sender sees the outcome's status, never the note or the link.

    The report row is locked first: of two colleagues deciding at once, the second waits,
    then finds the decision made and is refused (nothing opened twice)."""
    report = access_report(acting_user, report.pk, "change")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.triage_outcome:
        raise ValidationError(_("This report was already decided by a colleague."))
    if outcome not in TriageOutcome.values:
        raise ValidationError({"outcome": _("Choose what to do with the report.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Say briefly why, for your colleagues.")})
    details = {"person_name": person_name, "person_sex": person_sex}
    links = triage.open_for(
        report, acting_user, outcome, **(details if outcome == TriageOutcome.CASE else {})
    )
    for field, record in links.items():
        setattr(report, field, record)
    report.triage_outcome, report.triage_note, report.triaged_by = (
        outcome,
        note.strip(),
        acting_user,
    )
    report.status = (
        ReportStatus.CLOSED if outcome == TriageOutcome.NO_ACTION else ReportStatus.ACTED_ON
    )
    report.save(update_fields=["triage_outcome", "triage_note", "triaged_by", "status", *links])
    extra = {"outcome": outcome}
    extra.update({f"{field}_id": record.pk for field, record in links.items()})
    record_audit(event="report-triaged", acting_user=acting_user, obj=report, extra=extra)
    return report
