"""The cases app's retention rule: a person's record is anonymised some years after their
last case ended (declared in ``plugin.py``, run by ``manage.py purge``)."""

from django.db.models import Exists, OuterRef, Q

from rihai.accounts.access import RecordNotFound

from . import queries
from .choices import CaseStatus
from .erasure import erase_everywhere, held_reasons, same_human
from .models import Case, CaseMember, Person, RecruiterAccount

ENDED = (CaseStatus.CLOSED, CaseStatus.NOT_VICTIM)


def expired_persons(cutoff):
    """Persons whose every case ended before ``cutoff`` (closed or found not a victim; a case
    without a closing date counts from its last change), or who never had a case and were
    registered before it. A person in any open case is never expired."""
    ended_before = Case.objects.filter(status__in=ENDED).filter(
        Q(closed_on__lt=cutoff.date()) | Q(closed_on__isnull=True, modified_on__lt=cutoff)
    )
    in_live_case = CaseMember.objects.filter(person=OuterRef("pk")).exclude(case__in=ended_before)
    in_any_case = CaseMember.objects.filter(person=OuterRef("pk"))
    return Person.objects.filter(~Exists(in_live_case)).filter(
        Q(Exists(in_any_case)) | Q(created_on__lt=cutoff)
    )


def held_persons(person_ids) -> set:
    """Persons whose case is linked to an investigation (manual holds are read by ``purge``)."""
    return {pk for pk, why in held_reasons(person_ids).items() if why != "manual-hold"}


def anonymise_person(pk, cutoff) -> bool:
    """Anonymises one expired person, re-checked under the row lock (a case may have been
    re-opened since the plan was made); False if it is no longer expired."""
    person = Person.objects.select_for_update().filter(pk=pk).first()
    if person is None or not expired_persons(cutoff).filter(pk=pk).exists():
        return False
    if held_reasons(same_human(person.pk)):  # a record merged into this one is held
        return False
    erase_everywhere(person.pk)
    return True


_RECRUITER_BLANKS = {
    "name_roman": "",
    "name_ur": "",
    "name_key_bidx": "",
    "cnic": "",
    "cnic_bidx": "",
    "phone": "",
    "phone_bidx": "",
    "agency_named": "",
}


def expired_recruiter_accounts(cutoff):
    """Survivors' accounts of a recruiter, in cases that ended before ``cutoff``."""
    ended_before = Case.objects.filter(status__in=ENDED).filter(
        Q(closed_on__lt=cutoff.date()) | Q(closed_on__isnull=True, modified_on__lt=cutoff)
    )
    return RecruiterAccount.objects.filter(case__in=ended_before)


def anonymise_recruiter_account(pk, cutoff) -> bool:
    """Blanks who the survivor named (name, CNIC, phone, agency, their blind indexes); the
    role and OEP licence (a public registry's number) stay."""
    account = RecruiterAccount.objects.select_for_update().filter(pk=pk).first()
    if account is None or not expired_recruiter_accounts(cutoff).filter(pk=pk).exists():
        return False
    RecruiterAccount.objects.filter(pk=pk).update(**_RECRUITER_BLANKS)
    return True


def lock_recruiter_account(user, pk, action: str) -> RecruiterAccount:
    """The account locked, if ``user`` may do ``action`` to its case."""
    try:
        case_id = RecruiterAccount.objects.filter(pk=int(pk)).values_list("case_id", flat=True)[0]
    except (IndexError, ValueError, TypeError):
        raise RecordNotFound from None
    queries.lock_case(user, case_id, action)
    return RecruiterAccount.objects.select_for_update().get(pk=pk)
