"""The referrals app's part of erasing a person (``rihai.cases.erasure``, declared in
``plugin.py``): the snapshots sent to providers, free-text notes and plan texts about them are
blanked; the rows, dates, statuses and codes stay (bed and service statistics)."""

from .models import PlanItem, Referral, ServiceDelivery, SupportPlan, Transfer


def erase_person_data(person_id: int) -> None:
    # The snapshot is what a provider saw: the person's chosen fields, so all of it goes.
    Referral.objects.filter(person_id=person_id).update(
        snapshot="{}", override_reason="", decline_note="", withdraw_note="", legal_reference=""
    )
    ServiceDelivery.objects.filter(referral__person_id=person_id).update(description="")
    SupportPlan.objects.filter(person_id=person_id).update(guardian_name="", best_interests="")
    PlanItem.objects.filter(plan__person_id=person_id).update(description="", note="")
    Transfer.objects.filter(person_id=person_id).update(reason="", note="", legal_reference="")
