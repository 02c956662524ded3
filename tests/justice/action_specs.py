"""Specs for the lead's action-contract test: each builds its world on a RihaiTestCase and
returns kwargs for an allowed call, kwargs whose record belongs to another agency (which must
raise RecordNotFound and save nothing), and the audit event the allowed call writes."""

from datetime import date, timedelta

from django.utils import timezone

from rihai.cases.actions import do_open_case, do_register_person
from rihai.justice import actions

DAY = date(2024, 3, 1)


def _open(tc, user, number="C-1", **kw):
    return actions.do_open_investigation(
        acting_user=user,
        complaint_number=number,
        complaint_date=DAY,
        offence_codes=["ptpa-3-1"],
        **kw,
    )


def _at(tc, user, *stages):
    inv = _open(tc, user, number=f"C-{'-'.join(stages) or 'x'}")
    day = DAY
    for stage in stages:
        day = day + timedelta(days=7)
        inv = actions.do_record_stage(
            investigation=inv,
            stage=stage,
            on=day,
            acting_user=user,
            fir_number="FIR-1/2024" if stage == "fir" else "",
        )
    return inv


def _mine_and_theirs(tc, *stages):
    return _at(tc, tc.fia_investigator, *stages), _at(tc, tc.ngo_investigator, *stages)


def _case(tc, user):
    person = do_register_person(
        acting_user=user, name_roman="Spec Demo", sex="female", estimated_age=30
    )
    return do_open_case(acting_user=user, person=person)


def open_investigation(tc):
    return {
        "allowed": {
            "acting_user": tc.fia_investigator,
            "complaint_number": "C-9",
            "complaint_date": DAY,
        },
        "other_agency": {
            "acting_user": tc.fia_investigator,
            "complaint_number": "C-9",
            "complaint_date": DAY,
            "investigating_officer": tc.ngo_investigator,
        },
        "event": "investigation-opened",
    }


def record_stage(tc):
    mine, theirs = _mine_and_theirs(tc)
    common = {"stage": "inquiry", "on": DAY + timedelta(days=2), "acting_user": tc.fia_investigator}
    return {
        "allowed": {"investigation": mine, **common},
        "other_agency": {"investigation": theirs, **common},
        "event": "stage-recorded",
    }


def charge_offence(tc):
    mine, theirs = _mine_and_theirs(tc)
    common = {"offence_code": "ppc-371a", "acting_user": tc.fia_investigator}
    return {
        "allowed": {"investigation": mine, **common},
        "other_agency": {"investigation": theirs, **common},
        "event": "offence-charged",
    }


def link_victim_case(tc):
    inv = _open(tc, tc.fia_investigator)
    return {
        "allowed": {
            "investigation": inv,
            "case": _case(tc, tc.fia_investigator),
            "acting_user": tc.fia_investigator,
            "protection_measures": ["in-camera"],
        },
        # The NGO's case is not the FIA investigator's to see, so not theirs to link.
        "other_agency": {
            "investigation": inv,
            "case": _case(tc, tc.ngo_case_worker),
            "acting_user": tc.fia_investigator,
        },
        "event": "victim-linked",
    }


def set_protection_measures(tc):
    mine = actions.do_link_victim_case(
        investigation=_open(tc, tc.fia_investigator),
        case=_case(tc, tc.fia_investigator),
        acting_user=tc.fia_investigator,
    )
    theirs = actions.do_link_victim_case(
        investigation=_open(tc, tc.ngo_investigator),
        case=_case(tc, tc.ngo_investigator),
        acting_user=tc.ngo_investigator,
    )
    common = {"measures": ["screened", "address-withheld"], "acting_user": tc.fia_investigator}
    return {
        "allowed": {"link": mine, **common},
        "other_agency": {"link": theirs, **common},
        "event": "protection-changed",
    }


def schedule_hearing(tc):
    mine, theirs = _mine_and_theirs(tc, "fir", "challan")
    common = {
        "on": timezone.localdate() + timedelta(days=14),
        "court_name": "Sessions Court (Demo)",
        "acting_user": tc.fia_investigator,
    }
    return {
        "allowed": {"investigation": mine, **common},
        "other_agency": {"investigation": theirs, **common},
        "event": "hearing-scheduled",
    }


def record_outcome(tc):
    stages = ("fir", "challan", "trial", "judgment")
    mine, theirs = _mine_and_theirs(tc, *stages)
    common = {
        "outcome": "conviction",
        "on": mine.stage_since,
        "acting_user": tc.fia_investigator,
        "sentence": "7 years",
        "compensation_ordered_rupees": 100000,
    }
    return {
        "allowed": {"investigation": mine, **common},
        "other_agency": {"investigation": theirs, **common},
        "event": "outcome-recorded",
    }


def record_compensation_paid(tc):
    stages = ("fir", "challan", "trial", "judgment")
    invs = []
    for user in (tc.fia_investigator, tc.ngo_investigator):
        inv = _at(tc, user, *stages)
        invs.append(
            actions.do_record_outcome(
                investigation=inv,
                outcome="conviction",
                on=inv.stage_since,
                acting_user=user,
                compensation_ordered_rupees=100000,
            )
        )
    common = {"amount_rupees": 40000, "acting_user": tc.fia_investigator}
    return {
        "allowed": {"investigation": invs[0], **common},
        "other_agency": {"investigation": invs[1], **common},
        "event": "compensation-paid",
    }


def add_evidence(tc):
    mine, theirs = _mine_and_theirs(tc)
    common = {
        "kind": "digital",
        "description": "WhatsApp export (Demo)",
        "collected_on": DAY,
        "sha256": "0" * 64,
        "acting_user": tc.fia_investigator,
    }
    return {
        "allowed": {"investigation": mine, **common},
        "other_agency": {"investigation": theirs, **common},
        "event": "evidence-added",
    }


def record_custody(tc):
    items = [
        actions.do_add_evidence(
            investigation=_open(tc, user),
            kind="physical",
            description="Passport (Demo)",
            collected_on=DAY,
            acting_user=user,
        )
        for user in (tc.fia_investigator, tc.ngo_investigator)
    ]
    common = {
        "acting_user": tc.fia_investigator,
        "received_on": timezone.now(),
        "holder_outside": "Court malkhana (Demo)",
    }
    return {
        "allowed": {"evidence": items[0], **common},
        "other_agency": {"evidence": items[1], **common},
        "event": "custody-recorded",
    }


def accuse_suspect(tc):
    mine, theirs = _mine_and_theirs(tc)
    common = {"acting_user": tc.fia_investigator, "role": "recruiter", "name_roman": "Spec Demo"}
    return {
        "allowed": {"investigation": mine, **common},
        "other_agency": {"investigation": theirs, **common},
        "event": "suspect-accused",
    }


def decide_suspect_link(tc):
    def suspect(user):
        return actions.do_accuse_suspect(
            investigation=_open(tc, user),
            acting_user=user,
            role="recruiter",
            name_roman="Link Demo",
            cnic="99999-5555555-5",
        ).suspect

    a, b = suspect(tc.fia_investigator), suspect(tc.fia_investigator)
    theirs = suspect(tc.ngo_investigator)
    return {
        "allowed": {
            "suspect": a,
            "other": b,
            "decision": "confirmed",
            "acting_user": tc.fia_investigator,
        },
        "other_agency": {
            "suspect": a,
            "other": theirs,
            "decision": "confirmed",
            "acting_user": tc.fia_investigator,
        },
        "event": "suspect-link-decided",
    }


def open_inquiry_from_lead(tc):
    """A lead sent by the FIA circle's supervisor to its own circle; the refused call names
    another agency's investigation to attach it to."""
    import json

    from rihai.screening import actions as screening
    from rihai.screening.models import Ad, Lead
    from rihai.screening.tasks import score_batch

    ad = {"id": "s1", "text": "Azad visa Dubai, advance fee, call 0300-0000077", "source": "olx"}
    batch, _ = screening.do_upload_ad_batch(
        acting_user=tc.fia_investigator, content=(json.dumps(ad) + "\n").encode()
    )
    score_batch(batch.pk)
    screening.do_decide_ad(
        ad=Ad.objects.get(),
        decision="lead",
        note="advance fee",
        target_agency=tc.fia,
        acting_user=tc.fia_investigator,
    )
    lead = screening.do_decide_lead(
        lead=Lead.objects.get(), approve=True, acting_user=tc.fia_supervisor
    )
    theirs = _open(tc, tc.ngo_investigator, number="N-LEAD")
    return {
        "allowed": {"lead": lead, "acting_user": tc.fia_investigator},
        "other_agency": {"lead": lead, "investigation": theirs, "acting_user": tc.fia_investigator},
        "event": "evidence-added",
    }


def decide_recruiter_link(tc):
    from rihai.cases.actions.recruiters import do_record_recruiter

    def account(user):
        person = do_register_person(acting_user=user, name_roman="Samina Demo", sex="female")
        case = do_open_case(acting_user=user, person=person)
        return do_record_recruiter(
            case=case, acting_user=user, role="recruiter", phone="0300-5555555"
        )

    suspect = actions.do_accuse_suspect(
        investigation=_open(tc, tc.fia_investigator),
        acting_user=tc.fia_investigator,
        role="recruiter",
        name_roman="Link Demo",
        phone="0300-5555555",
    ).suspect
    mine, theirs = account(tc.fia_case_worker), account(tc.ngo_case_worker)
    call = {"suspect": suspect, "decision": "confirmed", "acting_user": tc.fia_investigator}
    return {
        "allowed": {**call, "account_id": mine.pk},
        "other_agency": {**call, "account_id": theirs.pk},
        "event": "recruiter-link-decided",
    }


def record_accused_status(tc):
    def accused(user):
        inv = _at(tc, user, "fir")
        return actions.do_accuse_suspect(
            investigation=inv, acting_user=user, role="recruiter", name_roman="Status Demo"
        )

    mine, theirs = accused(tc.fia_investigator), accused(tc.ngo_investigator)
    call = {
        "status": "arrested",
        "on": DAY + timedelta(days=10),
        "acting_user": tc.fia_investigator,
    }
    return {
        "allowed": {**call, "accused": mine},
        "other_agency": {**call, "accused": theirs},
        "event": "accused-status-recorded",
    }


SPECS = {
    f"{getattr(actions, f'do_{name}').__module__}.do_{name}": spec
    for name, spec in {
        "open_investigation": open_investigation,
        "record_stage": record_stage,
        "charge_offence": charge_offence,
        "link_victim_case": link_victim_case,
        "set_protection_measures": set_protection_measures,
        "schedule_hearing": schedule_hearing,
        "record_outcome": record_outcome,
        "record_compensation_paid": record_compensation_paid,
        "add_evidence": add_evidence,
        "record_custody": record_custody,
        "accuse_suspect": accuse_suspect,
        "decide_suspect_link": decide_suspect_link,
        "decide_recruiter_link": decide_recruiter_link,
        "record_accused_status": record_accused_status,
    }.items()
}
SPECS["rihai.justice.actions.leads.do_open_inquiry_from_lead"] = open_inquiry_from_lead
