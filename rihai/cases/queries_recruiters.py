"""Reading survivors' accounts of their recruiters, and the only way another app finds a
suspect in them: by blind index, answering with what the asking user may know.

Within the user's case scope a match names the case (reference and the account's names); in
another agency it says only that a link exists and which agency to ask — no case id, no names,
no count.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from rihai.accounts.access import RecordNotFound

from .models import Case, RecruiterAccount
from .queries import visible_cases


def recruiters_of_case(case: Case) -> QuerySet:
    """The accounts on a case already read through ``queries.access_case``."""
    return RecruiterAccount.objects.filter(case=case).order_by("recorded_on", "pk")


def access_recruiter(user, account_id, action: str = "view") -> RecruiterAccount:
    """The account if its case is one ``user`` may do ``action`` to; else RecordNotFound."""
    try:
        return (
            RecruiterAccount.objects.select_related("case")
            .filter(case__in=visible_cases(user, action))
            .get(pk=account_id)
        )
    except (RecruiterAccount.DoesNotExist, ValueError, TypeError):
        raise RecordNotFound from None


@dataclass(frozen=True)
class RecruiterMatch:
    basis: list[str]
    agency_name: str
    # Only when the case is within the user's scope:
    account: RecruiterAccount | None = None
    case_id: int | None = None
    case_reference: str = ""
    names: list[str] = field(default_factory=list)


def account_basis(
    account: RecruiterAccount, *, cnic_bidx="", phone_bidx="", name_key_bidx="", oep_licence=""
) -> list[str]:
    """What an account shares with the given blind indexes and licence (nothing decrypted)."""
    basis = []
    if cnic_bidx and account.cnic_bidx == cnic_bidx:
        basis.append("cnic")
    if phone_bidx and account.phone_bidx == phone_bidx:
        basis.append("phone")
    if oep_licence and account.oep_licence == oep_licence:
        basis.append("licence")
    if name_key_bidx and account.name_key_bidx == name_key_bidx:
        basis.append("name")
    return basis


def recruiter_matches(
    user, *, cnic_bidx="", phone_bidx="", name_key_bidx="", oep_licence="", limit: int = 200
) -> tuple[list[RecruiterMatch], list[RecruiterMatch]]:
    """(matches in cases the user may see, one 'ask this agency' row per other agency)."""
    keys = {
        "cnic_bidx": cnic_bidx,
        "phone_bidx": phone_bidx,
        "name_key_bidx": name_key_bidx,
        "oep_licence": oep_licence,
    }
    conditions = Q()
    for name, value in keys.items():
        if value:
            conditions |= Q(**{name: value})
    if not conditions:
        return [], []
    candidates = list(
        RecruiterAccount.objects.filter(conditions)
        .select_related("case", "case__agency")
        .order_by("pk")[:limit]
    )
    visible = set(
        visible_cases(user, "view")
        .filter(pk__in={c.case_id for c in candidates})
        .values_list("pk", flat=True)
    )
    mine, elsewhere = [], {}
    for account in candidates:
        basis = account_basis(account, **keys)
        agency = str(account.case.agency)
        if account.case_id in visible:
            names = [n for n in (account.name_roman, account.name_ur) if n]
            mine.append(
                RecruiterMatch(
                    basis, agency, account, account.case_id, account.case.reference, names
                )
            )
        else:
            known = elsewhere.get(account.case.agency_id)
            merged = sorted(set(basis) | set(known.basis if known else []))
            elsewhere[account.case.agency_id] = RecruiterMatch(merged, agency)
    return mine, sorted(elsewhere.values(), key=lambda m: m.agency_name)
