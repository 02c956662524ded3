"""The justice app's retention rules: suspects' identifiers are anonymised some years after
the last investigation naming them is over (declared in ``plugin.py``, run by ``purge``).

"Over" means judged and past the appeal window: an outcome is recorded, no appeal is pending
(an investigation in the appeal stage whose outcome predates the appeal is still before a
court), and ``APPEAL_WINDOW_DAYS`` have passed since the outcome date, so the clock of a
suspect starts when the judgment can no longer be appealed in the ordinary course. A suspect
in an open investigation is never a candidate; one confirmed to be the same suspect as
someone in an open investigation is held (the link is evidence). Suspects whose every
accusation ended in acquittal, discharge or withdrawal, and those never named in an
investigation, are kept for a shorter period than the others (``justice.suspect-cleared``).

What anonymising keeps: the row and its id, kind, role and OEP licence (a public registry's
number, not a person's identifier), the accusations and their statuses, so that statistics
of prosecutions stay true. Blanked: names, CNIC, phone, address, every blind index, and the
non-punishment notes of their accusations.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from .choices import AccusedStatus, LinkDecision, Outcome, Stage
from .models import (
    Accused,
    EvidenceItem,
    Investigation,
    RecruiterLinkDecision,
    Suspect,
    SuspectLinkDecision,
)

# Six months after the outcome: the longest ordinary appeal period we know of (a State appeal
# against acquittal; a convict's appeal to the High Court is shorter). Unverified: see
# docs/operations.md. ``RETENTION_APPEAL_WINDOW_DAYS`` (a Django setting) changes it.
APPEAL_WINDOW_DAYS = 180

CLEARED_STATUSES = (AccusedStatus.ACQUITTED, AccusedStatus.DISCHARGED)
CLEARED_OUTCOMES = (Outcome.ACQUITTAL, Outcome.WITHDRAWAL)

_SUSPECT_BLANKS = {
    "name_roman": "",
    "name_ur": "",
    "cnic": "",
    "cnic_bidx": "",
    "phone": "",
    "phone_bidx": "",
    "name_key_bidx": "",
    "address": "",
}


def appeal_window() -> timedelta:
    return timedelta(days=getattr(settings, "RETENTION_APPEAL_WINDOW_DAYS", APPEAL_WINDOW_DAYS))


def concluded_before(cutoff):
    """Investigations judged, with no appeal pending, whose appeal window ended before cutoff."""
    last_day = (cutoff - appeal_window()).date()
    appeal_pending = Q(stage=Stage.APPEAL, outcome_date__lt=F("stage_since"))
    return (
        Investigation.objects.exclude(outcome="")
        .filter(outcome_date__lt=last_day)
        .exclude(appeal_pending)
    )


def open_investigations():
    """Investigations not over: no outcome yet, or an appeal pending, or within the window
    (the window is measured from today, so "open" here means "not over by any cutoff")."""
    return Investigation.objects.exclude(pk__in=concluded_before(timezone.now()).values("pk"))


def _expired(cutoff):
    live = Accused.objects.filter(suspect=OuterRef("pk")).exclude(
        investigation__in=concluded_before(cutoff)
    )
    named = Accused.objects.filter(suspect=OuterRef("pk"))
    return Suspect.objects.filter(~Exists(live)).filter(Q(Exists(named)) | Q(created_on__lt=cutoff))


def _not_cleared():
    """Accusations that did not end in the suspect's favour (or have not ended)."""
    return Accused.objects.filter(suspect=OuterRef("pk")).exclude(
        Q(status__in=CLEARED_STATUSES) | Q(investigation__outcome__in=CLEARED_OUTCOMES)
    )


def expired_suspects(cutoff):
    """Suspects with a conviction, a compromise or an accusation not cleared, every
    investigation naming them over before ``cutoff``. A plain filter: ``purge`` locks it."""
    return _expired(cutoff).filter(Exists(_not_cleared()))


def expired_cleared_suspects(cutoff):
    """Suspects every accusation of whom was cleared (or who were never accused), over
    before ``cutoff``."""
    return _expired(cutoff).filter(~Exists(_not_cleared()))


def held_suspects(suspect_ids) -> set:
    """Suspects confirmed to be the same as a suspect named in an open investigation."""
    ids = [int(i) for i in suspect_ids]
    in_open = set(
        Accused.objects.filter(investigation__in=open_investigations()).values_list(
            "suspect_id", flat=True
        )
    )
    held = set()
    for first, second in SuspectLinkDecision.objects.filter(
        Q(first_id__in=ids) | Q(second_id__in=ids), decision=LinkDecision.CONFIRMED
    ).values_list("first_id", "second_id"):
        if second in in_open and first in ids:
            held.add(first)
        if first in in_open and second in ids:
            held.add(second)
    return held


def _anonymise(pk, candidates) -> bool:
    suspect = Suspect.objects.select_for_update().filter(pk=pk).first()
    if suspect is None or not candidates.filter(pk=pk).exists():
        return False
    # update(), not save(): saving would recompute the blind indexes from the blanks.
    Suspect.objects.filter(pk=pk).update(**_SUSPECT_BLANKS)
    Accused.objects.filter(suspect_id=pk).update(non_punishment_note="")
    return True


def anonymise_suspect(pk, cutoff) -> bool:
    """Anonymises one expired suspect, re-checked under the row lock; False if not expired."""
    return _anonymise(pk, expired_suspects(cutoff))


def anonymise_cleared_suspect(pk, cutoff) -> bool:
    return _anonymise(pk, expired_cleared_suspects(cutoff))


def lock_suspect(user, pk, action: str) -> Suspect:
    """The suspect's row locked, if ``user`` may do ``action`` on its agency's investigations
    (holds: a supervisor's "approve")."""
    from .queries import access_suspect

    return access_suspect(user, pk, action, for_update=True)


def expired_investigations(cutoff):
    """Investigations over (judged, no appeal pending, window passed) before ``cutoff``."""
    return concluded_before(cutoff)


def anonymise_investigation(pk, cutoff) -> bool:
    """Blanks the free text of a concluded investigation: the sentence, the evidence items'
    descriptions and the non-punishment notes. Stages, dates, offences, outcomes, amounts and
    the chain of custody (append-only; holders are officers and institutions) stay."""
    investigation = Investigation.objects.select_for_update().filter(pk=pk).first()
    if investigation is None or not expired_investigations(cutoff).filter(pk=pk).exists():
        return False
    Investigation.objects.filter(pk=pk).update(sentence="")
    EvidenceItem.objects.filter(investigation_id=pk).update(description="")
    Accused.objects.filter(investigation_id=pk).update(non_punishment_note="")
    return True


def lock_investigation(user, pk, action: str) -> Investigation:
    from .queries import access_investigation

    return access_investigation(user, pk, action, for_update=True)


def held_recruiter_accounts(account_ids) -> set:
    """Survivors' accounts of a recruiter confirmed to be a suspect named in an investigation
    not over (for the cases app's ``cases.recruiter-account`` rule)."""
    ids = [int(i) for i in account_ids]
    live_suspects = Accused.objects.filter(investigation__in=open_investigations()).values(
        "suspect_id"
    )
    return set(
        RecruiterLinkDecision.objects.filter(
            account_id__in=ids, decision=LinkDecision.CONFIRMED, suspect_id__in=live_suspects
        ).values_list("account_id", flat=True)
    )
