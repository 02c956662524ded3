"""Erasing a person: their personal data is blanked everywhere, their ids and events stay.

Used twice: a supervisor carries out an approved erasure request (``do_erase_person``), and
``manage.py purge`` anonymises a person whose retention period has ended (``retention.py``).
What stays is what identifies no one on its own and keeps the statistics and the audit
chain whole: the rows and their ids, sex, birth year, nationality, province and district,
dates, statuses and codes. The audit chain is never touched: it holds ids and event types
only (``rihai.audit.actions``), and it still verifies after an erasure.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rihai.audit.actions import record_audit
from rihai.core.actions import action
from rihai.core.plugins import person_erasers
from rihai.justice.queries import cases_in_investigations
from rihai.ops import ledger
from rihai.ops import queries as ops_queries

from . import queries
from .models import (
    Case,
    CaseDocument,
    CaseFlag,
    CaseMember,
    CaseNote,
    CaseTask,
    Consent,
    Disclosure,
    Person,
    StatusChange,
)

# Every encrypted or identifying column of a person, and what it becomes.
_PERSON_BLANKS = {
    "name_ur": "",
    "name_roman": "",
    "parentage_name": "",
    "parentage_relation": "",
    "date_of_birth": "",
    "cnic": "",
    "cnic_bidx": "",
    "bform": "",
    "bform_bidx": "",
    "passport": "",
    "passport_bidx": "",
    "phone": "",
    "phone_bidx": "",
    "name_key_bidx": "",
    "family_key_bidx": "",
    "address": "",
    "disability_notes": "",
    "guardian_name": "",
    "guardian_relation": "",
    "guardian_phone": "",
    "languages": [],
}


def same_human(person_id: int) -> list[int]:
    """The person and every record merged into them (directly or through another merge):
    one human's data, so an erasure covers all of it."""
    found, frontier = [person_id], [person_id]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        found.extend(frontier)
    return found


def erase_person_data(person_id: int) -> None:
    """The cases app's part of an erasure (declared in ``plugin.py``): blanks the person's
    columns, and the free text of the cases they are the primary survivor of.

    ``update()`` rather than ``save()``: saving would recompute the birth year, blind indexes
    and name key from the blanked values; the statistics columns stay as they were.
    """
    Person.objects.filter(pk=person_id).update(**_PERSON_BLANKS)
    CaseMember.objects.filter(person_id=person_id).update(relation_to_primary="")
    Consent.objects.filter(person_id=person_id).update(guardian_name="")
    Disclosure.objects.filter(person_id=person_id).update(legal_reference="", override_reason="")
    primary_of = CaseMember.objects.filter(person_id=person_id, role="primary").values("case_id")
    Case.objects.filter(pk__in=primary_of).update(summary="", status_reason="", assignment_note="")
    StatusChange.objects.filter(case_id__in=primary_of).update(reason="", decision_reason="")
    # Case work on those cases speaks of the survivor: notes, task titles and flag reasons are
    # blanked (their rows, dates and authors stay for the history); documents and photos go.
    CaseNote.objects.filter(case_id__in=primary_of).update(text="")
    CaseTask.objects.filter(case_id__in=primary_of).update(title="")
    CaseFlag.objects.filter(case_id__in=primary_of).update(reason="", lift_reason="")
    CaseDocument.objects.filter(case_id__in=primary_of).delete()


def erase_everywhere(person_id: int) -> list[int]:
    """Runs every app's eraser for the person and the records merged into them; returns
    the person ids erased. Inside the caller's transaction."""
    ids = same_human(person_id)
    for erase in person_erasers():
        for pk in ids:
            erase(pk)
    return ids


def held_reasons(person_ids) -> dict[int, str]:
    """{person id: why it is held} for the held ones: a manual hold on the person, or a case
    of theirs linked to an investigation (evidence before a court is never erased)."""
    ids = [int(i) for i in person_ids]
    reasons = {int(i): "manual-hold" for i in ops_queries.held_ids("cases.person", ids)}
    members = CaseMember.objects.filter(person_id__in=ids).values_list("person_id", "case_id")
    linked = cases_in_investigations({case_id for _p, case_id in members})
    for person_id, case_id in members:
        if case_id in linked:
            reasons.setdefault(person_id, "investigation")
    return reasons


@action
def do_erase_person(*, request, acting_user) -> Person:
    """Carries out a pending erasure request: a supervisor in the person's scope, never the
    user who asked, erases the person's personal data in every app.

    Refused while the person (or a record merged into them) is held: a manual hold, or a
    case of theirs linked to an investigation."""
    erasure = ops_queries.lock_pending_erasure(request)
    # "approve" on persons is a supervisor's grant: the check and the lock in one.
    person = queries.lock_person(acting_user, erasure.person_id, "approve")
    if erasure.requested_by_id == acting_user.pk:
        raise ValidationError(
            _("The user who asked for an erasure cannot carry it out: another supervisor must.")
        )
    if held_reasons(same_human(person.pk)):
        raise ValidationError(
            _(
                "This person's record is on hold (an investigation or a court case) and cannot be erased."
            )
        )
    erased = erase_everywhere(person.pk)
    ledger.record_disposal(record_type="cases.person", object_ids=erased, disposal="erase")
    ledger.close_erasure_request(erasure, decided_by=acting_user)
    record_audit(
        event="person-erased",
        acting_user=acting_user,
        obj=person,
        extra={"request": erasure.pk, "basis": erasure.basis, "records": len(erased)},
    )
    person.refresh_from_db()
    return person
