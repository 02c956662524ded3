"""Private steps shared by the cases actions. Nothing here opens a transaction, checks scope
or writes an audit row on its own: the public ``do_*`` action that calls a step does."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.models import Agency, Sex, User
from rihai.accounts.queries import users_who_can_hold_cases
from rihai.audit.actions import record_audit
from rihai.audit.models import AuditEvent

from . import duplicates
from .choices import ExploitationType, MemberRole, PersonSex
from .models import Case, CaseExploitation, CaseMember, CaseReferenceCounter, Person
from .resources import Resource

PERSON_FIELDS = frozenset(Person.EDITABLE_FIELDS)
CASE_FACT_FIELDS = {
    "province",
    "district",
    "means_of_control",
    "recruiter_relation",
    "recruitment_channel",
    "destination_country",
    "route",
    "exploitation_start",
    "summary",
}


def require_grant(user, action: str, resource=Resource.CASE) -> None:
    if not user.can(resource, action):
        raise PermissionDenied


def reject_unknown(fields, known) -> None:
    unknown = set(fields) - set(known)
    if unknown:
        raise ValidationError({k: _("Unknown field.") for k in unknown})


def register_person(
    *, acting_user: User, fields: dict, duplicate_acknowledged: bool = False
) -> Person:
    """A new person at the user's agency. A CNIC already registered needs the user's explicit
    ``duplicate_acknowledged``; checked under the CNIC's lock, so a race cannot bypass it."""
    reject_unknown(fields, PERSON_FIELDS)
    person = Person(agency=acting_user.agency, created_by=acting_user, **fields)
    person.full_clean()
    if not duplicate_acknowledged:
        duplicates.lock_identity(person.cnic)
        duplicates.refuse_unacknowledged_cnic(
            person.cnic, acknowledged=False, acting_user=acting_user
        )
    person.save()
    record_audit(event=AuditEvent.RECORD_CREATED, acting_user=acting_user, obj=person)
    return person


def next_reference(agency: Agency) -> str:
    """The agency's next case reference this year, ``CODE-YYYY-NNNNN`` (more digits past 99999).

    The counter row is the lock (the lock order: after the record's own rows, before the audit
    chain head), so two cases opened at once get different numbers. A year's first case starts
    the counter from the highest number already issued, compared as a number.
    """
    year = timezone.localdate().year
    prefix = f"{agency.code.upper()}-{year}-"
    counters = CaseReferenceCounter.objects.select_for_update()
    counter = counters.filter(agency=agency, year=year).first()
    if counter is None:
        # Two first cases at once: one insert wins, the other is ignored; both then lock it.
        CaseReferenceCounter.objects.bulk_create(
            [CaseReferenceCounter(agency=agency, year=year, last=_highest_number(agency, prefix))],
            ignore_conflicts=True,
        )
        counter = counters.get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:05d}"


def _highest_number(agency: Agency, prefix: str) -> int:
    numbers = (
        Case.objects.filter(agency=agency, reference__startswith=prefix)
        .annotate(number=Cast(Substr("reference", len(prefix) + 1), IntegerField()))
        .aggregate(highest=Max("number"))
    )
    return numbers["highest"] or 0


def case_workers(agency: Agency):
    """Active users of ``agency`` whose role may change cases: who can hold one."""
    return users_who_can_hold_cases(agency)


def female_case_workers(agency: Agency):
    return case_workers(agency).filter(sex=Sex.FEMALE)


def case_worker_of(agency: Agency, assigned_to) -> User | None:
    """The case worker named by ``assigned_to`` (a user or an id), if they can hold a case of
    ``agency``. One error for "no such user", "another agency's user" and "cannot hold a
    case", so the answer reveals nothing about other agencies' staff."""
    if assigned_to in (None, ""):
        return None
    user_id = getattr(assigned_to, "pk", assigned_to)
    try:
        worker = case_workers(agency).filter(pk=int(user_id)).first()
    except (TypeError, ValueError, OverflowError):
        worker = None
    if worker is None:
        raise ValidationError({"assigned_to": _("Choose a case worker of this agency.")})
    return worker


def choose_case_worker(*, agency, person: Person, acting_user: User, assigned_to, note: str):
    """Gender-sensitive assignment: a female survivor's case goes to a female case worker where
    the agency has one, unless a supervisor records why not."""
    assigned_to = case_worker_of(agency, assigned_to)
    if person.sex != PersonSex.FEMALE:
        return assigned_to or acting_user, ""
    women = female_case_workers(agency)
    if not women.exists():
        return assigned_to or acting_user, ""
    if assigned_to is None:
        if acting_user.sex == Sex.FEMALE and women.filter(pk=acting_user.pk).exists():
            return acting_user, ""
        return women.order_by("id").first(), ""
    if assigned_to.sex == Sex.FEMALE:
        return assigned_to, ""
    if not note.strip():
        raise ValidationError(
            {
                "assigned_to": _(
                    "This survivor is female and the agency has female case workers: assign one, or a "
                    "supervisor must record why not."
                )
            }
        )
    if not acting_user.can(Resource.CASE, "approve"):
        raise ValidationError(
            {
                "assignment_note": _(
                    "Only a supervisor may assign a female survivor's case to a male case worker."
                )
            }
        )
    return assigned_to, note.strip()


def set_exploitation_types(case: Case, types: list[str]) -> None:
    bad = [t for t in types if t not in ExploitationType.values]
    if bad:
        raise ValidationError(
            {"exploitation_types": _("Unknown exploitation type: %(t)s") % {"t": ", ".join(bad)}}
        )
    CaseExploitation.objects.filter(case=case).exclude(exploitation_type__in=types).delete()
    existing = set(
        CaseExploitation.objects.filter(case=case).values_list("exploitation_type", flat=True)
    )
    CaseExploitation.objects.bulk_create(
        [
            CaseExploitation(case=case, exploitation_type=t)
            for t in dict.fromkeys(types)
            if t not in existing
        ]
    )


def derive_transnational(case: Case, person: Person) -> bool:
    return (
        case.destination_country != "PK"
        or bool([c for c in case.route if c != "PK"])
        or person.nationality != "PK"
    )


def open_case(
    *,
    acting_user: User,
    person: Person,
    exploitation_types=(),
    family=(),
    assigned_to=None,
    assignment_note: str = "",
    reference: str = "",
    **facts,
) -> Case:
    """Opens a case at the user's agency, in screening. ``person`` and ``family`` are already
    checked (or newly registered) by the calling action; an action that writes an audit row
    before opening the case takes its ``reference`` first (the lock order: counter, then chain)."""
    reject_unknown(facts, CASE_FACT_FIELDS)
    agency = acting_user.agency
    if agency is None:
        raise PermissionDenied
    worker, note = choose_case_worker(
        agency=agency,
        person=person,
        acting_user=acting_user,
        assigned_to=assigned_to,
        note=assignment_note,
    )
    case = Case(
        agency=agency, created_by=acting_user, assigned_to=worker, assignment_note=note, **facts
    )
    if not case.province_id:
        case.province_id = person.province_id or agency.province_id
    case.is_transnational = derive_transnational(case, person)
    case.reference = reference or next_reference(agency)
    case.full_clean()
    case.save()
    CaseMember.objects.create(case=case, person=person, role=MemberRole.PRIMARY)
    for member, relation in family:
        if member.pk == person.pk:
            raise ValidationError(
                {"family": _("The primary survivor cannot also be a family member.")}
            )
        CaseMember.objects.create(
            case=case, person=member, role=MemberRole.FAMILY, relation_to_primary=relation[:40]
        )
    set_exploitation_types(case, list(exploitation_types))
    record_audit(
        event=AuditEvent.RECORD_CREATED,
        acting_user=acting_user,
        obj=case,
        extra={
            "person": person.pk,
            "family": [m.pk for m, _r in family],
            "assigned_to": worker.pk if worker else None,
        },
    )
    return case


def add_family_member(*, case: Case, person: Person, relation: str, acting_user) -> CaseMember:
    if CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("This person is already in the case.")})
    member = CaseMember.objects.create(
        case=case, person=person, role=MemberRole.FAMILY, relation_to_primary=relation[:40]
    )
    record_audit(
        event=AuditEvent.RECORD_CHANGED,
        acting_user=acting_user,
        obj=case,
        extra={"added_person": person.pk},
    )
    return member
