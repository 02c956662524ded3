"""Synthetic investigations for the demo: every stage, outcomes, and suspects linked across
provinces.

Everything is fictional and says so: every name carries "Demo" (ڈیمو), CNICs start with 99999
(no NADRA region), phones come from the unused 0300-0001xxx range and OEP licences use the
made-up city code DMO. Investigations are made through the same actions as real ones, so they
carry stage histories and audit rows. A handful of recruiters appear in circles of different
provinces, some under their Urdu name only, so suspect linking has something to find; the
survivor of each linked case names the same recruiter to their case worker (a
``cases.RecruiterAccount`` recorded through the cases app's own action), by other identifiers or
in the other script, so the suspect page offers the survivor's account for confirmation.
"""

from datetime import timedelta

from django.utils import timezone

from rihai.accounts.models import Agency, AgencyType, User

from . import actions
from .choices import Stage
from .models import Investigation

STAGE_ROAD = [
    Stage.COMPLAINT,
    Stage.INQUIRY,
    Stage.FIR,
    Stage.ARREST,
    Stage.CHALLAN,
    Stage.TRIAL,
    Stage.JUDGMENT,
    Stage.APPEAL,
]
OFFENCE_SETS = [
    ["ptpa-3-1"],
    ["ptpa-3-2", "ppc-371a"],
    ["psma-smuggling", "eo-17"],
    ["ptpa-4", "eo-18"],
    ["blsa-11", "ppc-374"],
    ["ppc-365b", "ptpa-3-2"],
]
# (roman, urdu, cnic, phone, role): recruiters who work across provinces.
RING = [
    ("Rashid Demo Gondal", "راشد ڈیمو گوندل", "99999-2000001-1", "0300-0001001", "recruiter"),
    ("Naveed Demo Butt", "نوید ڈیمو بٹ", "99999-2000002-2", "0300-0001002", "sub-agent"),
    ("Akram Demo Baloch", "اکرم ڈیمو بلوچ", "99999-2000003-3", "0300-0001003", "transporter"),
    ("Tariq Demo Afridi", "طارق ڈیمو آفریدی", "99999-2000004-4", "0300-0001004", "recruiter"),
]
OEPS = [("Demo Overseas Employment Promoters", "9901/DMO"), ("Demo Gulf Manpower", "9902/DMO")]


def _investigators():
    codes = ("investigator",)
    return list(
        User.objects.filter(
            role__code__in=codes,
            is_active=True,
            agency__agency_type__in=(AgencyType.FIA_AHTC, AgencyType.POLICE),
            username__startswith="demo.",
        )
        .select_related("agency__province")
        .order_by("agency__code", "id")
    )


def _supervisor(agency: Agency):
    return User.objects.filter(agency=agency, role__code="supervisor", is_active=True).first()


def _survivor_account(n: int, member: tuple) -> dict:
    """What the survivor of investigation ``n`` said of ``member``: rarely what the suspect
    record holds, so each kind of match appears (phone in another format, CNIC, the name in the
    other script)."""
    roman, urdu, cnic, phone, role = member
    international = "+92 " + phone[1:].replace("-", " ")  # 0300-0001001 -> +92 300 0001001
    if n % 3 == 0:  # the suspect is known by Urdu name and phone
        return {"role": role, "name_roman": roman, "phone": international}
    if n % 3 == 1:  # the suspect is known by both names and CNIC
        return {"role": role, "name_ur": urdu, "agency_named": OEPS[n % len(OEPS)][0]}
    return {"role": role, "cnic": cnic, "phone": international}


def _record_account(case, fields: dict, officer) -> None:
    """The survivor's account, recorded by their case worker when the case has one."""
    from rihai.cases.actions import do_record_recruiter

    recorder = case.assigned_to if case.assigned_to_id else officer
    do_record_recruiter(case=case, acting_user=recorder, **fields)


def _walk(rng, investigation, target: str, officer):
    """Moves through the road to ``target`` with plausible gaps, never into the future."""
    today = timezone.localdate()
    day = investigation.complaint_date
    path = [s for s in STAGE_ROAD[1 : STAGE_ROAD.index(target) + 1]]
    if Stage.INQUIRY in path and rng.random() < 0.4:
        path.remove(Stage.INQUIRY)  # a direct FIR
    if Stage.ARREST in path and rng.random() < 0.3:
        path.remove(Stage.ARREST)  # challan against an absconding accused
    for stage in path:
        day = min(day + timedelta(days=rng.randint(2, 45)), today)
        investigation = actions.do_record_stage(
            investigation=investigation,
            stage=stage,
            on=day,
            acting_user=officer,
            fir_number=f"{rng.randint(1, 400)}/{day.year % 100:02d}" if stage == Stage.FIR else "",
        )
    return investigation


def seed(*, stdout=None, rng, size: str = "full", count: int | None = None, **_) -> dict:
    """Creates ``count`` demo investigations unless some exist already (then changes nothing).

    Not wrapped in one transaction: every action is its own durable transaction, as in use.
    """
    from .plugin import APP

    count = count if count is not None else APP.demo.sizes[size]
    officers = _investigators()
    if (
        not officers
        or Investigation.objects.filter(agency__in=[o.agency for o in officers]).exists()
    ):
        return {"investigations": 0, "suspects": 0, "recruiter_accounts": 0}
    from rihai.cases import queries as cases_queries

    today = timezone.localdate()
    made = suspects = accounts = 0
    for n in range(count):
        officer = officers[n % len(officers)]
        target = STAGE_ROAD[n % len(STAGE_ROAD)]
        complaint = today - timedelta(days=rng.randint(40 + 30 * STAGE_ROAD.index(target), 900))
        inv = actions.do_open_investigation(
            acting_user=officer,
            complaint_number=f"DEMO-{officer.agency.code}-{n + 1:04d}",
            complaint_date=complaint,
            offence_codes=OFFENCE_SETS[n % len(OFFENCE_SETS)],
        )
        # A survivor's case of the same agency, with protection measures now and then.
        case = (
            cases_queries.visible_cases(officer)
            .order_by("id")[n // len(officers) : n // len(officers) + 1]
            .first()
        )
        if case is not None:
            measures = rng.choice(
                [[], ["in-camera"], ["screened", "address-withheld"], ["relocation"]]
            )
            actions.do_link_victim_case(
                investigation=inv, case=case, acting_user=officer, protection_measures=measures
            )
        # Ring members recur across provinces; some records carry the Urdu name only.
        member = RING[n % len(RING)]
        roman, urdu, cnic, phone, role = member
        if case is not None:
            _record_account(case, _survivor_account(n, member), officer)
            accounts += 1
        fields = {"kind": "person", "role": role, "name_ur": urdu}
        if n % 3:
            fields |= {"name_roman": roman, "cnic": cnic}
        else:
            fields |= {"phone": phone}
        actions.do_accuse_suspect(investigation=inv, acting_user=officer, **fields)
        suspects += 1
        if n % 4 == 1:
            name, licence = OEPS[n % len(OEPS)]
            actions.do_accuse_suspect(
                investigation=inv,
                acting_user=officer,
                kind="organisation",
                role="oep",
                name_roman=name,
                oep_licence=licence,
            )
            suspects += 1
        inv = _walk(rng, inv, target, officer)
        if inv.stage in (Stage.CHALLAN, Stage.TRIAL) and rng.random() < 0.6:
            actions.do_schedule_hearing(
                investigation=inv,
                on=today + timedelta(days=rng.randint(3, 40)),
                court_name=f"Demo Sessions Court {officer.agency.district or officer.agency.province}",
                acting_user=officer,
            )
        if inv.stage == Stage.JUDGMENT:
            outcome = rng.choice(["conviction", "acquittal"])
            actions.do_record_outcome(
                investigation=inv,
                outcome=outcome,
                on=inv.stage_since,
                acting_user=officer,
                **(
                    {
                        "sentence": "Demo: 7 years RI",
                        "fine_rupees": 500000,
                        "compensation_ordered_rupees": 200000,
                    }
                    if outcome == "conviction"
                    else {}
                ),
            )
        elif inv.stage == Stage.FIR and n % 5 == 2 and _supervisor(officer.agency):
            actions.do_record_outcome(
                investigation=inv,
                outcome="withdrawal",
                on=inv.stage_since,
                acting_user=_supervisor(officer.agency),
            )
        made += 1
        if stdout is not None and (n + 1) % 20 == 0:
            stdout.write(f"  investigations: {n + 1}/{count}")
    return {"investigations": made, "suspects": suspects, "recruiter_accounts": accounts}
