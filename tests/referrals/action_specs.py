"""How to call each referrals action, for the lead's contract test.

``SPECS = {"rihai.referrals.actions.<module>.do_x": spec}`` (the registry's names); ``spec(test_case)`` builds its world on a
``RihaiTestCase`` and returns ``{"allowed": kwargs, "other_agency": kwargs, "event": code}``:
the allowed call succeeds and writes ``event``; the other-agency call names a record of an
agency the acting user does not belong to and must raise ``RecordNotFound``. ``other_agency``
is None where the action touches no agency's record (creating a directory entry, which only a
directory administrator with all-agency scope may do).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from rihai.accounts.models import Agency, AgencyType
from rihai.cases.actions import do_open_case, do_record_consent, do_register_person
from rihai.referrals import actions
from rihai.referrals.models import BedCapacity, Provider, ProviderService


def _third_agency(tc):
    agency = Agency.objects.filter(code="SPEC3").first()
    if agency is None:
        agency = Agency.objects.create(
            name="Spec Third Shelter",
            code="SPEC3",
            agency_type=AgencyType.SHELTER,
            province=tc.punjab,
        )
    return agency


def _provider(tc, agency, *, service="shelter", beds=2):
    provider = Provider.objects.create(
        name=f"Spec provider {agency.code} {service}",
        kind="ngo",
        agency=agency,
        province=tc.punjab,
        district=tc.lahore,
    )
    ProviderService.objects.create(provider=provider, service_type=service)
    provider.districts_served.set([tc.lahore, tc.karachi])
    BedCapacity.objects.create(provider=provider, bed_type="women", capacity=beds)
    return provider


def _case(tc, worker, recipient, purpose="shelter"):
    person = do_register_person(
        acting_user=worker, name_roman="Spec Demo", sex="female", estimated_age=30
    )
    case = do_open_case(acting_user=worker, person=person)
    do_record_consent(
        case=case, person=person, recipient=recipient, purpose=purpose, acting_user=worker
    )
    return case, person


def _referral(tc, *, worker, provider, service="shelter", state="requested", answerer=None):
    purpose = "shelter" if service == "shelter" else "referral"
    case, person = _case(tc, worker, provider.agency, purpose)
    referral = actions.do_refer_case(
        case=case,
        person=person,
        provider=provider,
        service_type=service,
        acting_user=worker,
        needs="Spec needs",
    )
    if state in ("accepted", "in-service"):
        actions.do_accept_referral(referral=referral, acting_user=answerer)
    if state == "in-service":
        if service == "shelter":
            actions.do_admit_to_shelter(referral=referral, bed_type="women", acting_user=answerer)
        else:
            actions.do_start_service(referral=referral, acting_user=answerer)
    return referral


def _pair(tc, *, service="shelter", state="requested"):
    """A referral FIA → NGO (the NGO's staff act on it) and one FIA → a third agency."""
    third = _third_agency(tc)
    from rihai.accounts.models import User
    from tests.base import make_user

    third_staff = User.objects.filter(username="spec3-sp").first() or make_user(
        third, "service-provider", username="spec3-sp"
    )
    mine = _referral(
        tc,
        worker=tc.fia_case_worker,
        provider=_provider(tc, tc.ngo, service=service),
        service=service,
        state=state,
        answerer=tc.ngo_service_provider,
    )
    theirs = _referral(
        tc,
        worker=tc.fia_case_worker,
        provider=_provider(tc, third, service=service),
        service=service,
        state=state,
        answerer=third_staff,
    )
    return mine, theirs


def create_provider(tc):
    allowed = {
        "acting_user": tc.fia_administrator,
        "services": ["legal-aid"],
        "districts_served": [tc.lahore],
        "name": "Spec Legal Aid",
        "kind": "legal-aid",
        "province": tc.punjab,
        "district": tc.lahore,
    }
    return {
        "allowed": allowed,
        # The directory is national: the refusal is a role without the grant.
        "other_agency": {**allowed, "acting_user": tc.fia_case_worker, "name": "Refused"},
        "refusal": PermissionDenied,
        "event": "record-created",
    }


def update_provider(tc):
    return {
        "allowed": {
            "provider": _provider(tc, tc.ngo),
            "acting_user": tc.ngo_service_provider,
            "hours": "24/7",
        },
        "other_agency": {
            "provider": _provider(tc, tc.fia),
            "acting_user": tc.ngo_service_provider,
            "hours": "24/7",
        },
        "event": "record-changed",
    }


def set_bed_capacity(tc):
    return {
        "allowed": {
            "provider": _provider(tc, tc.ngo),
            "bed_type": "women",
            "capacity": 4,
            "acting_user": tc.ngo_service_provider,
        },
        "other_agency": {
            "provider": _provider(tc, tc.fia),
            "bed_type": "women",
            "capacity": 4,
            "acting_user": tc.ngo_service_provider,
        },
        "event": "beds-changed",
    }


def refer_case(tc):
    provider = _provider(tc, tc.ngo)
    case, person = _case(tc, tc.fia_case_worker, tc.ngo)
    their_case, their_person = _case(tc, tc.ngo_case_worker, tc.ngo)
    common = {"provider": provider, "service_type": "shelter", "needs": "Spec needs"}
    return {
        "allowed": {"case": case, "person": person, "acting_user": tc.fia_case_worker, **common},
        "other_agency": {
            "case": their_case,
            "person": their_person,
            "acting_user": tc.fia_case_worker,
            **common,
        },
        "event": "referral-made",
    }


def _answer(state, event, service="shelter", **extra):
    def spec(tc):
        mine, theirs = _pair(tc, service=service, state=state)
        return {
            "allowed": {"referral": mine, "acting_user": tc.ngo_service_provider, **extra},
            "other_agency": {"referral": theirs, "acting_user": tc.ngo_service_provider, **extra},
            "event": event,
        }

    return spec


def withdraw_referral(tc):
    mine, _theirs = _pair(tc)
    theirs = _referral(
        tc,
        worker=tc.ngo_case_worker,
        provider=_provider(tc, _third_agency(tc)),
    )
    return {
        "allowed": {"referral": mine, "acting_user": tc.fia_case_worker, "note": "Moved away"},
        "other_agency": {"referral": theirs, "acting_user": tc.fia_case_worker, "note": "x"},
        "event": "referral-withdrawn",
    }


def _transfers(tc, state):
    """A transfer FIA → NGO and one between two agencies the acting user is not in."""
    from rihai.referrals.actions import do_approve_transfer, do_request_transfer

    third = _third_agency(tc)
    mine_case, _p = _case(tc, tc.fia_case_worker, tc.ngo, "referral")
    theirs_case, _q = _case(tc, tc.ngo_case_worker, third, "referral")
    mine = do_request_transfer(
        case=mine_case, to_agency=tc.ngo, reason="Spec", acting_user=tc.fia_case_worker
    )
    theirs = do_request_transfer(
        case=theirs_case, to_agency=third, reason="Spec", acting_user=tc.ngo_case_worker
    )
    if state == "approved":
        do_approve_transfer(transfer=mine, acting_user=tc.fia_supervisor)
        do_approve_transfer(transfer=theirs, acting_user=tc.ngo_supervisor)
    return mine, theirs


def _transfer_spec(state, user_attr, event, **extra):
    def spec(tc):
        mine, theirs = _transfers(tc, state)
        user = getattr(tc, user_attr)
        return {
            "allowed": {"transfer": mine, "acting_user": user, **extra},
            "other_agency": {"transfer": theirs, "acting_user": user, **extra},
            "event": event,
        }

    return spec


def request_transfer(tc):
    case, _p = _case(tc, tc.fia_case_worker, tc.ngo, "referral")
    their_case, _q = _case(tc, tc.ngo_case_worker, tc.ngo, "referral")
    return {
        "allowed": {
            "case": case,
            "to_agency": tc.ngo,
            "reason": "Spec",
            "acting_user": tc.fia_case_worker,
        },
        "other_agency": {
            "case": their_case,
            "to_agency": tc.fia,
            "reason": "Spec",
            "acting_user": tc.fia_case_worker,
        },
        "event": "transfer-requested",
    }


def _plans(tc):
    mine_case, mine_person = _case(tc, tc.fia_case_worker, tc.ngo)
    their_case, their_person = _case(tc, tc.ngo_case_worker, tc.ngo)
    from rihai.referrals.actions import do_open_support_plan

    mine = do_open_support_plan(case=mine_case, person=mine_person, acting_user=tc.fia_case_worker)
    theirs = do_open_support_plan(
        case=their_case, person=their_person, acting_user=tc.ngo_case_worker
    )
    return mine, theirs


def open_support_plan(tc):
    case, person = _case(tc, tc.fia_case_worker, tc.ngo)
    their_case, their_person = _case(tc, tc.ngo_case_worker, tc.ngo)
    return {
        "allowed": {"case": case, "person": person, "acting_user": tc.fia_case_worker},
        "other_agency": {
            "case": their_case,
            "person": their_person,
            "acting_user": tc.fia_case_worker,
        },
        "event": "plan-opened",
    }


def add_plan_item(tc):
    mine, theirs = _plans(tc)
    common = {"kind": "medical", "acting_user": tc.fia_case_worker}
    return {
        "allowed": {"plan": mine, **common},
        "other_agency": {"plan": theirs, **common},
        "event": "plan-item-added",
    }


def update_plan_item(tc):
    mine, theirs = _plans(tc)
    common = {"status": "done", "acting_user": tc.fia_case_worker}
    return {
        "allowed": {"item": mine.items.first(), **common},
        "other_agency": {"item": theirs.items.first(), **common},
        "event": "plan-item-changed",
    }


def close_support_plan(tc):
    mine, theirs = _plans(tc)
    mine.items.update(status="done")
    return {
        "allowed": {"plan": mine, "acting_user": tc.fia_case_worker},
        "other_agency": {"plan": theirs, "acting_user": tc.fia_case_worker},
        "event": "plan-closed",
    }


TODAY = timezone.localdate

SPECS = {
    "rihai.referrals.actions.directory.do_create_provider": create_provider,
    "rihai.referrals.actions.directory.do_update_provider": update_provider,
    "rihai.referrals.actions.directory.do_set_bed_capacity": set_bed_capacity,
    "rihai.referrals.actions.referrals.do_refer_case": refer_case,
    "rihai.referrals.actions.referrals.do_accept_referral": _answer(
        "requested", "referral-accepted"
    ),
    "rihai.referrals.actions.referrals.do_decline_referral": _answer(
        "requested", "referral-declined", reason="no-capacity"
    ),
    "rihai.referrals.actions.referrals.do_withdraw_referral": withdraw_referral,
    "rihai.referrals.actions.service.do_start_service": _answer(
        "accepted", "referral-started", service="psychosocial"
    ),
    "rihai.referrals.actions.service.do_admit_to_shelter": _answer(
        "accepted", "shelter-admitted", bed_type="women"
    ),
    "rihai.referrals.actions.service.do_discharge_from_shelter": _answer(
        "in-service", "shelter-discharged", reason="completed"
    ),
    "rihai.referrals.actions.service.do_record_service": _answer(
        "in-service",
        "service-delivered",
        service="psychosocial",
        delivered_on=datetime.date.today(),
        description="Counselling session",
    ),
    "rihai.referrals.actions.service.do_complete_referral": _answer(
        "in-service", "referral-completed", service="psychosocial"
    ),
    "rihai.referrals.actions.transfers.do_request_transfer": request_transfer,
    "rihai.referrals.actions.transfers.do_approve_transfer": _transfer_spec(
        "requested", "fia_supervisor", "transfer-approved"
    ),
    "rihai.referrals.actions.transfers.do_accept_transfer": _transfer_spec(
        "approved", "ngo_supervisor", "transfer-accepted"
    ),
    "rihai.referrals.actions.transfers.do_decline_transfer": _transfer_spec(
        "approved", "ngo_supervisor", "transfer-declined", note="No capacity"
    ),
    "rihai.referrals.actions.transfers.do_cancel_transfer": _transfer_spec(
        "requested", "fia_case_worker", "transfer-cancelled"
    ),
    "rihai.referrals.actions.plans.do_open_support_plan": open_support_plan,
    "rihai.referrals.actions.plans.do_add_plan_item": add_plan_item,
    "rihai.referrals.actions.plans.do_update_plan_item": update_plan_item,
    "rihai.referrals.actions.plans.do_close_support_plan": close_support_plan,
}
