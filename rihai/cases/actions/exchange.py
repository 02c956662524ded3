"""Exporting and importing one case as an HTCDS document (``htcds/``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rihai.accounts.models import Agency, User
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent
from rihai.core.actions import action

from .. import queries, steps
from ..consent_gate import require_disclosure_basis
from ..htcds import export_case, from_htcds
from ..models import Case
from ..resources import Resource


@action
def do_export_htcds_case(
    *,
    case: Case,
    acting_user: User,
    purpose: str,
    recipient: Agency | None = None,
    legal_basis: str = "",
    legal_reference: str = "",
    override_reason: str = "",
) -> dict:
    """The case as an HTCDS 2.0 document for ``purpose`` (and ``recipient``, if an agency).

    Every person in it passes the consent gate (consent for exactly that recipient and
    purpose, a legal basis, or a supervisor's override); the document carries only the fields
    the purpose needs (``consent_gate.PURPOSE_FIELDS``). All persons pass or nothing leaves.
    """
    case = queries.lock_case(acting_user, case, "export")
    bases = {}
    for member in case.members.select_related("person").order_by("id"):
        bases[member.person_id] = require_disclosure_basis(
            case=case,
            person=member.person,
            recipient=recipient,
            purpose=purpose,
            acting_user=acting_user,
            legal_basis=legal_basis,
            legal_reference=legal_reference,
            override_reason=override_reason,
        )
    document = export_case(case, purpose=purpose, bases=bases)
    record_audit(
        event=AuditEvent.RECORD_EXPORTED,
        acting_user=acting_user,
        obj=case,
        extra={
            "format": "htcds-2.0",
            "purpose": purpose,
            "recipient": recipient.pk if recipient is not None else None,
            "persons": sorted(bases),
            "kinds": sorted({b.kind for b in bases.values()}),
        },
    )
    return document


@action
def do_import_htcds_case(*, document: dict, acting_user: User) -> Case:
    """Registers the document's persons and opens a case for them at the user's agency.

    The case starts in screening whatever its status elsewhere: identification is this agency's
    decision (with a second person's approval). The source reference and status are kept in
    the audit row. Persons are registered anew; the duplicate check then offers merges. All or
    nothing: any invalid field rolls the whole import back.
    """
    steps.require_grant(acting_user, "create")
    steps.require_grant(acting_user, "create", Resource.PERSON)
    data = from_htcds(document)
    if acting_user.agency is None:
        raise PermissionDenied
    # The counter before the chain head, which each registration below takes (lock order).
    reference = steps.next_reference(acting_user.agency)
    errors = {}
    people = []
    for path, fields in [("persons[primary]", data["primary"])] + [
        (f"persons[family {i}]", f) for i, (f, _r) in enumerate(data["family"])
    ]:
        try:
            with transaction.atomic():  # a savepoint: keep collecting errors after one fails
                # Persons are registered anew by design (the duplicate check then offers
                # merges): importing the document is the user's explicit decision.
                people.append(
                    steps.register_person(
                        acting_user=acting_user, fields=fields, duplicate_acknowledged=True
                    )
                )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"{path}.{name}"] = messages
    if errors:
        raise ValidationError(errors)
    primary, members = people[0], people[1:]
    family = [(p, relation) for p, (_f, relation) in zip(members, data["family"], strict=True)]
    case = steps.open_case(
        reference=reference,
        acting_user=acting_user,
        person=primary,
        family=family,
        exploitation_types=data["exploitation_types"],
        **data["facts"],
    )
    record_audit(
        event=AuditEvent.RECORD_IMPORTED,
        acting_user=acting_user,
        obj=case,
        extra={
            "format": "htcds-2.0",
            "source_reference": data["source"]["reference"],
            "source_status": data["source"]["status"],
            "source_agency": data["source"]["agency"],
            "persons": [p.pk for p in people],
        },
    )
    return case
