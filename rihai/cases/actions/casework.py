"""Every change to the case work: one public ``do_*`` action each (``rihai.core.actions``).

As in ``actions.py``: keyword-only, durable-atomic, the case's scope re-checked under a row
lock (``queries.lock_case``), validated before anything is written, one audit row (ids and
codes only; ``extra["case"]`` lets the history tab find it). Registered when the cases app is
ready (``apps.py``), so the action contract test finds them.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.accounts.queries import users_who_can_hold_cases
from rihai.audit.actions import record_audit
from rihai.core.actions import action

from .. import casework_queries as cq
from .. import queries
from ..casework import files
from ..casework.choices import FlagKind, NoteKind
from ..models import Case, CaseDocument, CaseFlag, CaseNote, CaseTask

MAX_NOTE_CHARS = 10_000


def _text(value, field: str, message: str, max_chars: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > max_chars:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": max_chars}})
    return value


def _choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the options.")})
    return value


@action
def do_add_note(
    *, case: Case, kind: str, text: str, confidential: bool = False, acting_user: User
) -> CaseNote:
    """A contact, visit, call or observation on the case."""
    kind = _choice(kind, NoteKind, "kind")
    text = _text(text, "text", _("Write the note before saving it."), MAX_NOTE_CHARS)
    case = queries.lock_case(acting_user, case, "change")
    note = CaseNote.objects.create(
        case=case, kind=kind, text=text, confidential=bool(confidential), author=acting_user
    )
    record_audit(
        event="note-added",
        acting_user=acting_user,
        obj=note,
        extra={"case": case.pk, "confidential": note.confidential},
    )
    return note


@action
def do_add_document(*, case: Case, title: str, data: bytes, acting_user: User) -> CaseDocument:
    """A document or photo: type from its content, size capped, encrypted with its own key."""
    title = _text(title, "title", _("Give the document a title."), 200)
    content_type = files.check(data)
    case = queries.lock_case(acting_user, case, "change")
    key, ciphertext = files.encrypt(data)
    document = CaseDocument.objects.create(
        case=case,
        title=title,
        content_type=content_type,
        size=len(data),
        file_key=key,
        ciphertext=ciphertext,
        uploaded_by=acting_user,
    )
    record_audit(
        event="document-added",
        acting_user=acting_user,
        obj=document,
        extra={"case": case.pk, "content_type": content_type, "size": len(data)},
    )
    return document


def read_document(user: User, document: CaseDocument) -> bytes:
    """The plaintext of a document ``user`` was given by ``access_document``; audited, like
    every view of personal data (not an action: it changes nothing but the log)."""
    record_audit(
        event="document-viewed",
        acting_user=user,
        obj=document,
        extra={"case": document.case_id},
    )
    return files.decrypt(document.file_key, document.ciphertext)


@action
def do_add_task(
    *, case: Case, title: str, due_on, assigned_to: User, acting_user: User
) -> CaseTask:
    """A follow-up for someone of the case's agency who can hold cases and can see this one."""
    title = _text(title, "title", _("Say what is to be done."), 200)
    if due_on is None:
        raise ValidationError({"due_on": _("Give a due date.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    case = queries.lock_case(acting_user, case, "change")
    assignee_id = getattr(assigned_to, "pk", assigned_to)
    assignee = users_who_can_hold_cases(case.agency).filter(pk=assignee_id).first()
    if assignee is None or not queries.visible_cases(assignee).filter(pk=case.pk).exists():
        raise ValidationError(
            {"assigned_to": _("Choose someone of this agency who works on this case.")}
        )
    task = CaseTask.objects.create(
        case=case, title=title, due_on=due_on, assigned_to=assignee, created_by=acting_user
    )
    record_audit(
        event="task-added",
        acting_user=acting_user,
        obj=task,
        extra={"case": case.pk, "assigned_to": assignee.pk},
    )
    return task


@action
def do_set_task_done(*, task: CaseTask, done: bool, acting_user: User) -> CaseTask:
    """Marks a task done, or not done again."""
    case, task = cq.lock_record(CaseTask, acting_user, task)
    if done and task.done_on is None:
        task.done_on, task.done_by = timezone.now(), acting_user
    elif not done:
        task.done_on, task.done_by = None, None
    task.save(update_fields=["done_on", "done_by"])
    record_audit(
        event="task-done" if done else "task-reopened",
        acting_user=acting_user,
        obj=task,
        extra={"case": case.pk},
    )
    return task


@action
def do_raise_flag(*, case: Case, kind: str, reason: str, acting_user: User) -> CaseFlag:
    kind = _choice(kind, FlagKind, "kind")
    reason = _text(reason, "reason", _("Give the reason for this flag."), 2000)
    case = queries.lock_case(acting_user, case, "change")
    try:
        with transaction.atomic():
            flag = CaseFlag.objects.create(
                case=case, kind=kind, reason=reason, raised_by=acting_user
            )
    except IntegrityError:
        raise ValidationError({"kind": _("This flag is already raised on the case.")}) from None
    record_audit(
        event="flag-raised",
        acting_user=acting_user,
        obj=flag,
        extra={"case": case.pk, "kind": kind},
    )
    return flag


@action
def do_lift_flag(*, flag: CaseFlag, reason: str, acting_user: User) -> CaseFlag:
    reason = _text(reason, "lift_reason", _("Give the reason for lifting this flag."), 2000)
    case, flag = cq.lock_record(CaseFlag, acting_user, flag)
    if flag.lifted_on is not None:
        raise ValidationError(_("This flag was already lifted."))
    flag.lifted_on, flag.lifted_by, flag.lift_reason = timezone.now(), acting_user, reason
    flag.save(update_fields=["lifted_on", "lifted_by", "lift_reason"])
    record_audit(
        event="flag-lifted",
        acting_user=acting_user,
        obj=flag,
        extra={"case": case.pk, "kind": flag.kind},
    )
    return flag
