"""The public site's retention rules (declared in ``plugin.py``, run by ``manage.py purge``).

A report from the public is anonymous, but what it says names recruiters, phone numbers,
links and often the sender's own way to be reached. Two periods, counted from the day it was
received, for reports that have been dealt with (acted on, or closed with no action); a
report still waiting to be read or being looked at is never a candidate:

- ``portal.report-contact``: the sender's contact details go first — they were given so that
  the office could reach the sender while it dealt with the report;
- ``portal.report``: then the whole report is anonymised (what happened, who, phones, links,
  the triage note and everything the sender added). Held while the investigation it opened
  is not over. Its tracking code stops working (the code's hash is replaced): the sender
  then reads "not found", as for any unknown code.

What stays: the row and its id, the kind of concern, urgency, district, dates, status and
triage outcome, and the link to what it opened: the statistics of public reports stay true.
"""

from rihai.accounts.access import RecordNotFound
from rihai.justice.retention import open_investigations

from .choices import ReportStatus
from .models import Report, ReportAddition
from .queries import access_report

DEALT_WITH = (ReportStatus.ACTED_ON, ReportStatus.CLOSED)


def expired_reports(cutoff):
    return Report.objects.filter(status__in=DEALT_WITH, received_on__lt=cutoff.date())


def held_reports(report_ids) -> set:
    """Reports whose investigation is not over."""
    ids = [int(i) for i in report_ids]
    return set(
        Report.objects.filter(pk__in=ids, investigation__in=open_investigations()).values_list(
            "pk", flat=True
        )
    )


def _locked_if(pk, candidates) -> bool:
    found = Report.objects.select_for_update().filter(pk=pk).first()
    return found is not None and candidates.filter(pk=pk).exists()


def blank_contact(pk, cutoff) -> bool:
    if not _locked_if(pk, expired_reports(cutoff)):
        return False
    Report.objects.filter(pk=pk).update(contact="")
    return True


def anonymise_report(pk, cutoff) -> bool:
    if not _locked_if(pk, expired_reports(cutoff)) or held_reports([pk]):
        return False
    Report.objects.filter(pk=pk).update(
        what_happened="",
        who="",
        phones="",
        links="",
        contact="",
        triage_note="",
        code_bidx=f"purged-{pk}",
    )
    ReportAddition.objects.filter(report_id=pk).update(text="")
    return True


def lock_report(user, pk, action: str) -> Report:
    """The report's row locked, if routed to where ``user`` may do ``action``. Holds ask for
    "approve", which no role holds on reports: the intake's "change" grant stands for it (who
    may place a hold at all is the ops app's own grant)."""
    report = access_report(user, pk, "change" if action == "approve" else action)
    locked = Report.objects.select_for_update().filter(pk=report.pk).first()
    if locked is None:
        raise RecordNotFound
    return locked
