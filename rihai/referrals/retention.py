"""The referrals app's retention rules (declared in ``plugin.py``, run by ``manage.py purge``).

A referral is the record that a survivor's data left one agency for another: what the
provider received (the snapshot), the notes about it, the services delivered. Once it has
ended (declined, completed or withdrawn) the provider's copy is needed only as long as the
service may be questioned; the survivor's own record (``cases.person``) is kept longer and
is the one a returning survivor is found by. Three rules:

- ``referrals.referral``: an ended referral's snapshot, reasons and notes, and the
  descriptions of services delivered under it (placements hold no text: bed type and dates
  stay for occupancy statistics), counted from the day it ended;
- ``referrals.transfer``: a decided transfer's reasons and notes, from the decision;
- ``referrals.plan``: a closed support plan's guardian, best-interests reasoning and item
  texts, from its closing.

Each is held while the survivor is: a manual hold on the person or on the record, or a case of
theirs linked to an investigation (``rihai.cases.erasure.held_reasons``).
"""

from django.db.models.functions import Coalesce

from rihai.accounts.access import RecordNotFound
from rihai.cases import queries as cases_queries
from rihai.cases.erasure import held_reasons

from .choices import OPEN_STATUSES, OPEN_TRANSFER
from .models import PlanItem, Referral, ServiceDelivery, SupportPlan, Transfer
from .queries import lock_referral as _lock_referral_in_scope
from .transfers import sent_transfers


def expired_referrals(cutoff):
    ended = Coalesce("completed_on", "withdrawn_on", "responded_on", "modified_on")
    return (
        Referral.objects.exclude(status__in=OPEN_STATUSES)
        .annotate(retention_clock=ended)
        .filter(retention_clock__lt=cutoff)
    )


def expired_transfers(cutoff):
    decided = Coalesce("decided_on", "approved_on", "requested_on")
    return (
        Transfer.objects.exclude(status__in=OPEN_TRANSFER)
        .annotate(retention_clock=decided)
        .filter(retention_clock__lt=cutoff)
    )


def expired_plans(cutoff):
    return SupportPlan.objects.filter(closed_on__lt=cutoff)


def _held_by_person(model, ids) -> set:
    pairs = list(model.objects.filter(pk__in=[int(i) for i in ids]).values_list("pk", "person_id"))
    held_persons = held_reasons({person for _pk, person in pairs})
    return {pk for pk, person in pairs if person in held_persons}


def held_referrals(ids) -> set:
    return _held_by_person(Referral, ids)


def held_transfers(ids) -> set:
    return _held_by_person(Transfer, ids)


def held_plans(ids) -> set:
    return _held_by_person(SupportPlan, ids)


def _locked(model, pk, candidates, held) -> bool:
    found = model.objects.select_for_update().filter(pk=pk).first()
    return found is not None and candidates.filter(pk=pk).exists() and not held([pk])


def anonymise_referral(pk, cutoff) -> bool:
    if not _locked(Referral, pk, expired_referrals(cutoff), held_referrals):
        return False
    Referral.objects.filter(pk=pk).update(
        snapshot="{}", override_reason="", decline_note="", withdraw_note="", legal_reference=""
    )
    ServiceDelivery.objects.filter(referral_id=pk).update(description="")
    return True


def anonymise_transfer(pk, cutoff) -> bool:
    if not _locked(Transfer, pk, expired_transfers(cutoff), held_transfers):
        return False
    Transfer.objects.filter(pk=pk).update(reason="", note="", legal_reference="")
    return True


def anonymise_plan(pk, cutoff) -> bool:
    if not _locked(SupportPlan, pk, expired_plans(cutoff), held_plans):
        return False
    SupportPlan.objects.filter(pk=pk).update(guardian_name="", best_interests="")
    PlanItem.objects.filter(plan_id=pk).update(description="", note="")
    return True


def lock_referral(user, pk, action: str) -> Referral:
    """The referral locked, if ``user`` may do ``action`` to it from either side."""
    try:
        return _lock_referral_in_scope(user, Referral(pk=int(pk)), action)[0]
    except (ValueError, TypeError):
        raise RecordNotFound from None


def lock_transfer(user, pk, action: str) -> Transfer:
    """The transfer locked, if ``user`` may do ``action`` to it on the sending side."""
    try:
        found = sent_transfers(user, action).select_for_update(of=("self",)).filter(pk=pk).first()
    except (ValueError, TypeError):
        found = None
    if found is None:
        raise RecordNotFound
    return found


def lock_plan(user, pk, action: str) -> SupportPlan:
    """The plan locked, if ``user`` may do ``action`` to its case (the case's scope)."""
    try:
        plan = SupportPlan.objects.filter(pk=int(pk)).values("case_id").first()
    except (ValueError, TypeError):
        plan = None
    if plan is None:
        raise RecordNotFound
    cases_queries.lock_case(user, plan["case_id"], action)
    return SupportPlan.objects.select_for_update().get(pk=pk)
