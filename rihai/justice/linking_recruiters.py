"""Finding a suspect in survivors' accounts of their recruiters (held by the cases app).

The cases app answers by blind index only, and answers only what the user may know: in a case
within the investigator's scope the match names the case; elsewhere it is "a link exists — ask
this agency". Rejected pairs are not offered again; confirmed ones are shown as such.
"""

from dataclasses import dataclass

from rihai.cases.queries_recruiters import RecruiterMatch, account_basis, recruiter_matches

from .choices import LinkDecision
from .models import RecruiterLinkDecision, Suspect


@dataclass(frozen=True)
class Offered:
    match: RecruiterMatch
    decision: str = ""  # confirmed / "" (rejected ones are not offered)


def _keys(suspect: Suspect) -> dict:
    return {
        "cnic_bidx": suspect.cnic_bidx,
        "phone_bidx": suspect.phone_bidx,
        "name_key_bidx": suspect.name_key_bidx,
        "oep_licence": suspect.oep_licence,
    }


def recruiter_basis(suspect: Suspect, account) -> list[str]:
    """What a suspect and an account share (blind indexes and the licence; nothing decrypted)."""
    return account_basis(account, **_keys(suspect))


def recruiter_matches_for(user, suspect: Suspect) -> tuple[list[Offered], list[RecruiterMatch]]:
    """(accounts in cases the user may see, with any decision; other agencies to ask).

    ``suspect`` must already have been read through ``queries.access_suspect``.
    """
    mine, elsewhere = recruiter_matches(user, **_keys(suspect))
    decisions = dict(
        RecruiterLinkDecision.objects.filter(
            suspect=suspect, account_id__in=[m.account.pk for m in mine]
        ).values_list("account_id", "decision")
    )
    offered = [
        Offered(m, decisions.get(m.account.pk, ""))
        for m in mine
        if decisions.get(m.account.pk) != LinkDecision.REJECTED
    ]
    offered.sort(key=lambda o: (o.match.basis == ["name"], o.match.case_reference))
    return offered, elsewhere
