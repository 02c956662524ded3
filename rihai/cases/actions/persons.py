"""Registering, changing, merging persons and revealing one of their identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rihai.accounts.models import User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import duplicates, queries, steps, versions
from ..models import CaseMember, Consent, Person
from ..resources import Resource


@action
def do_register_person(
    *, acting_user: User, duplicate_acknowledged: bool = False, **fields
) -> Person:
    """Registers a person at the user's agency (no case yet). A CNIC already registered is
    refused unless the user confirms a new record (``duplicate_acknowledged``)."""
    steps.require_grant(acting_user, "create", Resource.PERSON)
    return steps.register_person(
        acting_user=acting_user, fields=fields, duplicate_acknowledged=duplicate_acknowledged
    )


@action
def do_update_person(
    *,
    person: Person,
    acting_user: User,
    expected_version: int | None = None,
    duplicate_acknowledged: bool = False,
    **fields,
) -> Person:
    """Changes the named fields. With ``expected_version`` (the ETag or the form's hidden
    field) an edit made against an older version is refused (``versions.StaleVersion``)."""
    steps.require_grant(acting_user, "change", Resource.PERSON)
    steps.reject_unknown(fields, steps.PERSON_FIELDS)
    person = queries.lock_person(acting_user, person, "change")
    versions.check_version(person, expected_version)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    if "cnic" in fields:
        duplicates.lock_identity(person.cnic)
        duplicates.refuse_unacknowledged_cnic(
            person.cnic,
            acknowledged=duplicate_acknowledged,
            acting_user=acting_user,
            exclude_id=person.pk,
        )
    versions.bump(person)
    person.save()  # the row is locked and fresh: saving every field loses no one's change
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=person,
        extra={"fields": sorted(fields), "version": person.version},
    )
    return person


@action
def do_merge_persons(
    *, survivor: Person, duplicate: Person, acting_user: User, take_from_duplicate=()
) -> Person:
    """Folds ``duplicate`` into ``survivor``: cases and consents move, both records stay.

    ``take_from_duplicate`` names the fields whose value the user chose from the duplicate
    (side by side on the merge page); the survivor takes them in the same transaction. The
    duplicate keeps its data and history and points to the survivor, so a mistaken merge can
    be traced and undone by hand. The user must be allowed to change both records.
    """
    take_from_duplicate = sorted(set(take_from_duplicate))
    steps.reject_unknown(take_from_duplicate, steps.PERSON_FIELDS)
    steps.require_grant(acting_user, "change", Resource.PERSON)
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    # Both rows locked in id order: "A into B" and "B into A" at once queue on the same first
    # row, and the second then sees the first's merge and is refused — never a cycle.
    locked = {
        p.pk: queries.lock_person(acting_user, p, "change")
        for p in sorted((survivor, duplicate), key=lambda p: p.pk)
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged into itself."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise ValidationError(_("One of these records was already merged."))
    if take_from_duplicate:
        for name in take_from_duplicate:
            setattr(survivor, name, getattr(duplicate, name))
        survivor.full_clean()
        survivor.save()
    moved = 0
    for membership in CaseMember.objects.select_for_update().filter(person=duplicate):
        if CaseMember.objects.filter(case=membership.case, person=survivor).exists():
            continue  # both records were in the same case: the survivor's membership stands
        membership.person = survivor
        membership.save(update_fields=["person"])
        moved += 1
    consents = Consent.objects.filter(person=duplicate).update(person=survivor)
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into"])
    record_audit(
        event=AuditEvent.RECORD_MERGED,
        acting_user=acting_user,
        obj=survivor,
        extra={
            "merged_person": duplicate.pk,
            "cases_moved": moved,
            "consents_moved": consents,
            "fields_taken": take_from_duplicate,
        },
    )
    return survivor


@action
def do_reveal_identifier(*, person: Person, field: str, acting_user: User) -> str:
    """Shows one full identifier of ``person`` once, to a holder of (identifiers, view), and
    writes the audit row that says who saw which identifier of whom."""
    from ..masking import IDENTIFIER_FIELDS

    if field not in IDENTIFIER_FIELDS:
        raise ValidationError({"field": _("Unknown identifier.")})
    steps.require_grant(acting_user, "view", Resource.IDENTIFIERS)
    person = queries.lock_person(acting_user, person, "view")
    record_audit(
        event="identifier-revealed",
        acting_user=acting_user,
        obj=person,
        extra={"field": field},
    )
    return getattr(person, field)
