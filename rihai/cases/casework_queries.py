"""Reading the case work (notes, documents, tasks, flags, history): fail-closed, from the case.

Every read starts from ``queries.access_case``: a case the user may not see raises the same
``RecordNotFound`` whether it exists or not, and so does a note, document, task or flag that is
not that case's. Confidential notes are narrowed once more (``may_read_confidential``).
"""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditEvent, AuditLog

from . import queries
from .models import Case, CaseDocument, CaseFlag, CaseMember, CaseNote, CaseTask, StatusChange
from .resources import Resource

# Views and listings are not changes: the history tab shows who changed what.
HISTORY_SKIPS = (AuditEvent.RECORD_VIEWED, AuditEvent.RECORD_LISTED, "document-viewed")


def is_agency_supervisor(user, case: Case) -> bool:
    return (
        user.agency_id is not None
        and user.agency_id == case.agency_id
        and user.can(Resource.CASE, "approve")
    )


def may_read_confidential(user, case: Case) -> bool:
    """The case's owner (its case worker) and its agency's supervisors."""
    return case.assigned_to_id == user.pk or is_agency_supervisor(user, case)


def case_notes(user, case: Case) -> QuerySet:
    """The notes of a case ``user`` may see (``case`` from ``access_case``): confidential ones
    only for the owner, the agency's supervisors and the note's own author."""
    notes = CaseNote.objects.filter(case=queries.access_case(user, case.pk))
    if not may_read_confidential(user, case):
        notes = notes.filter(Q(confidential=False) | Q(author=user))
    return notes.select_related("author")


def case_documents(user, case: Case) -> QuerySet:
    """Documents' metadata only: the encrypted bytes are loaded by ``access_document`` alone."""
    return (
        CaseDocument.objects.filter(case=queries.access_case(user, case.pk))
        .defer("ciphertext", "file_key")
        .select_related("uploaded_by")
    )


def access_document(user, case_id, document_id) -> CaseDocument:
    """The document if ``user`` may see its case; RecordNotFound for a wrong, guessed or
    another case's id, whether it exists or not."""
    case = queries.access_case(user, case_id)
    document = CaseDocument.objects.filter(case=case, public_id=str(document_id)).first()
    if document is None:
        raise RecordNotFound
    return document


def case_tasks(user, case: Case) -> QuerySet:
    return CaseTask.objects.filter(case=queries.access_case(user, case.pk)).select_related(
        "assigned_to", "done_by"
    )


def case_flags(user, case: Case) -> QuerySet:
    return CaseFlag.objects.filter(case=queries.access_case(user, case.pk)).select_related(
        "raised_by", "lifted_by"
    )


def record_of_case(model, user, case_id, record_id, action: str = "view"):
    """A task or flag of a case ``user`` may ``action``; RecordNotFound otherwise."""
    case = queries.access_case(user, case_id, action)
    try:
        record = model.objects.filter(case=case, pk=record_id).first()
    except (ValueError, TypeError):
        record = None
    if record is None:
        raise RecordNotFound
    return record


def lock_record(model, user, record, action: str = "change"):
    """Inside an action: the record's case locked (scope re-checked), then the record."""
    case = queries.lock_case(user, record.case_id, action)
    locked = model.objects.select_for_update().filter(pk=record.pk, case=case).first()
    if locked is None:
        raise RecordNotFound
    return case, locked


def case_history(user, case: Case, *, limit: int = 200) -> QuerySet:
    """The audit trail of the case, its people and its case work: who, which event, when.

    Audit rows hold ids and codes only, so the tab shows no personal data; it shows no
    ``extra`` either, since a code there (a confidential note's kind) could say too much.
    """
    case = queries.access_case(user, case.pk)
    person_ids = [
        str(pk) for pk in CaseMember.objects.filter(case=case).values_list("person_id", flat=True)
    ]
    rows = AuditLog.objects.filter(
        Q(object_type="cases.case", object_id=str(case.pk))
        | Q(object_type="cases.person", object_id__in=person_ids)
        | Q(extra__case=case.pk)
    ).exclude(event__in=HISTORY_SKIPS)
    return (
        rows.select_related("acting_user")
        .only(
            "id",
            "event",
            "event_time",
            "acting_username",
            "acting_user__first_name",
            "acting_user__last_name",
            "acting_user__username",
            "object_type",
            "extra",
        )
        .order_by("-id")[:limit]
    )


# ---------------------------------------------------------------- "my work"

NEW_ASSIGNMENT_DAYS = 7
REJECTED_DAYS = 30
DUE_SOON_DAYS = 7


def my_open_tasks(user) -> QuerySet:
    """Tasks assigned to ``user`` and not done, on cases they may still see."""
    return CaseTask.objects.filter(
        assigned_to=user, done_on__isnull=True, case__in=queries.visible_cases(user)
    ).select_related("case")


def work_lists(user) -> dict[str, QuerySet]:
    """Each list the home page counts, by key; the count and the page are the same query."""
    today = timezone.localdate()
    lists = {
        "tasks-overdue": my_open_tasks(user).filter(due_on__lt=today),
        "tasks-due": my_open_tasks(user).filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
        ),
        "requests-rejected": StatusChange.objects.filter(
            requested_by=user,
            decision=StatusChange.Decision.REJECTED,
            decided_on__gte=timezone.now() - timedelta(days=REJECTED_DAYS),
            case__in=queries.visible_cases(user),
        ).select_related("case", "decided_by"),
        "new-assignments": new_assignments(user),
    }
    return lists


def new_assignments(user) -> QuerySet:
    """Open cases given to ``user`` by someone else in the last week (from the audit trail of
    ``do_reassign_case``, so a case they opened themselves is not "new")."""
    since = timezone.now() - timedelta(days=NEW_ASSIGNMENT_DAYS)
    given = (
        AuditLog.objects.filter(
            object_type="cases.case",
            event=AuditEvent.RECORD_CHANGED,
            event_time__gte=since,
            extra__assigned_to=user.pk,
        )
        .exclude(acting_user=user)
        .values_list("object_id", flat=True)
    )
    ids = [int(pk) for pk in given if str(pk).isdigit()]
    return (
        queries.visible_cases(user)
        .filter(pk__in=ids, assigned_to=user)
        .exclude(status="closed")
        .order_by("-modified_on")
    )


def task_assignees(user, case: Case) -> list:
    """Who a task on ``case`` may be given to: its agency's members who can hold cases and can
    see this one (a case worker sees only the cases they hold or opened)."""
    from rihai.accounts.queries import users_who_can_hold_cases

    case = queries.access_case(user, case.pk)
    return [
        u
        for u in users_who_can_hold_cases(case.agency).order_by("first_name", "last_name", "id")
        if queries.visible_cases(u).filter(pk=case.pk).exists()
    ]
