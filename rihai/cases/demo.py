"""Synthetic survivors and cases for the demo: a few hundred, across every province.

Everything here is fictional and says so: every name carries "Demo" (ڈیمو), phone numbers come
from the unused 0300-0000xxx range, CNICs and B-Forms start with 99999 (no NADRA region), and
passports with DM. Cases are made through the same actions as real ones, so they carry audit
rows, status histories with supervisor approvals, screening assessments and consents.

Distributions are rough and labelled as such: most identified victims in Pakistan's police
returns are women (TIP 2022: 16,950 women, 2,918 men, 1,310 boys, 50 girls; reference/domain.md
§3.1); cases are spread across provinces by population (census 2023), and one in five is
cross-border (mostly to the Gulf; some by land through Iran and Turkey, or via Libya to Italy),
as FIA's share of the case load suggests. Peshgi (bonded labour) families, in brick kilns and on
farms, are placed mostly in Punjab and Sindh.
"""

from datetime import timedelta

from django.utils import timezone

from rihai.accounts.actions import do_create_user
from rihai.accounts.demo import DEMO_PASSWORD
from rihai.accounts.models import Agency, AgencyType, Role, Sex, User
from rihai.geo.models import District

from . import actions
from .casework import demo as casework_demo
from .choices import CaseStatus, PersonSex
from .models import Case, CaseMember, Person

CASE_COUNT = 300
CASEWORK_TYPES = {
    AgencyType.FIA_AHTC,
    AgencyType.POLICE,
    AgencyType.NGO,
    AgencyType.SHELTER,
    AgencyType.CHILD_PROTECTION,
    AgencyType.LABOUR,
}

WOMEN = [
    ("Samina", "ثمینہ"),
    ("Nasreen", "نسرین"),
    ("Rukhsana", "رخسانہ"),
    ("Shazia", "شازیہ"),
    ("Kiran", "کرن"),
    ("Parveen", "پروین"),
    ("Sadia", "سعدیہ"),
    ("Nargis", "نرگس"),
    ("Bushra", "بشریٰ"),
    ("Zainab", "زینب"),
    ("Amna", "آمنہ"),
    ("Fozia", "فوزیہ"),
]
MEN = [
    ("Imran", "عمران"),
    ("Bilal", "بلال"),
    ("Akram", "اکرم"),
    ("Naveed", "نوید"),
    ("Asif", "آصف"),
    ("Tariq", "طارق"),
    ("Sajid", "ساجد"),
    ("Waqas", "وقاص"),
    ("Rashid", "راشد"),
    ("Javed", "جاوید"),
]
DEMO_UR = "ڈیمو"

# (weight, exploitation types, cross-border?, typical sex and age band)
PATTERNS = [
    (26, ["sexual"], 0.15, "female", (16, 35)),
    (10, ["forced-marriage"], 0.10, "female", (13, 25)),
    (14, ["bonded-labour"], 0.0, "family", (20, 55)),
    (14, ["forced-labour"], 0.75, "male", (19, 45)),
    (8, ["forced-begging"], 0.05, "child", (7, 15)),
    (7, ["child-domestic"], 0.0, "child", (9, 16)),
    (5, ["domestic-servitude"], 0.6, "female", (20, 45)),
    (5, ["online-sexual"], 0.2, "female", (14, 28)),
    (3, ["forced-criminality"], 0.5, "male", (17, 35)),
]
DESTINATIONS = [
    ("SA", 30),
    ("AE", 25),
    ("OM", 10),
    ("QA", 8),
    ("MY", 8),
    ("IR", 6),
    ("TR", 4),
    ("GR", 5),
    ("IT", 4),
]
# Land routes west (Iran, Turkey) and the central Mediterranean (via the Gulf and Libya).
ROUTES = {"GR": ["IR", "TR"], "TR": ["IR"], "IT": ["AE", "EG", "LY"], "MY": ["TH"]}
# Bonded labour (peshgi) is mostly brick kilns and farms in Punjab and Sindh.
BONDED_PROVINCES = {"PK-PB", "PK-SD"}
SETTINGS = {
    "bonded-labour": ["brick kiln", "brick kiln", "brick kiln", "farm (haari)", "carpet loom"],
    "forced-labour": ["construction site", "farm", "factory", "fishing boat"],
    "forced-begging": ["begging ring at a shrine", "begging ring at a market"],
    "child-domestic": ["private household"],
    "domestic-servitude": ["private household"],
}
STATUS_WEIGHTS = [
    (CaseStatus.SCREENING, 20),
    (CaseStatus.PRESUMED, 18),
    (CaseStatus.IDENTIFIED, 14),
    (CaseStatus.ASSISTANCE, 22),
    (CaseStatus.NOT_VICTIM, 8),
    (CaseStatus.CLOSED, 18),
]
# The path through the workflow to each status.
PATHS = {
    CaseStatus.SCREENING: [],
    CaseStatus.PRESUMED: [CaseStatus.PRESUMED],
    CaseStatus.IDENTIFIED: [CaseStatus.PRESUMED, CaseStatus.IDENTIFIED],
    CaseStatus.ASSISTANCE: [CaseStatus.PRESUMED, CaseStatus.IDENTIFIED, CaseStatus.ASSISTANCE],
    CaseStatus.NOT_VICTIM: [CaseStatus.NOT_VICTIM],
    CaseStatus.CLOSED: [
        CaseStatus.PRESUMED,
        CaseStatus.IDENTIFIED,
        CaseStatus.ASSISTANCE,
        CaseStatus.CLOSED,
    ],
}
TRAFFICKED_ANSWERS = {
    "d1.nature": True,
    "d1.wages": True,
    "d4.hours": True,
    "d4.low_pay": True,
    "d5.documents": True,
    "d5.debt": True,
    "act.recruited": True,
    "means.fraud": True,
    "purpose.labour": True,
}
UNCLEAR_ANSWERS = {"d3.economic": True, "d4.low_pay": True, "act.recruited": True}


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _supervisors(agencies, stdout) -> dict[int, User]:
    """One demo supervisor per casework agency, for approvals (demo.sup.<code>)."""
    role = Role.objects.get(code="supervisor")
    found = {}
    for agency in agencies:
        user = User.objects.filter(agency=agency, role=role, is_active=True).order_by("id").first()
        if user is None:
            user = do_create_user(
                acting_user=None,
                username=f"demo.sup.{agency.code.lower()}",
                password=DEMO_PASSWORD,
                agency=agency,
                role=role,
                first_name="Demo",
                last_name=f"Supervisor {agency.code}",
                sex=Sex.FEMALE,
            )
        found[agency.pk] = user
    return found


def _workers(agency) -> list[User]:
    return list(
        User.objects.filter(
            agency=agency, is_active=True, role__code__in=("case-worker", "investigator")
        ).order_by("id")
    )


def _person_fields(rng, n: int, *, sex: str, age: int, district: District) -> dict:
    names = WOMEN if sex == PersonSex.FEMALE else MEN
    given, given_ur = rng.choice(names)
    father, father_ur = rng.choice(MEN)
    fields = {
        "name_roman": f"{given} Demo",
        "name_ur": f"{given_ur} {DEMO_UR}" if rng.random() < 0.7 else "",
        "parentage_relation": "d/o" if sex == PersonSex.FEMALE else "s/o",
        "parentage_name": f"{father} Demo",
        "sex": sex,
        "nationality": "PK" if rng.random() < 0.95 else rng.choice(["AF", "BD"]),
        "province": district.province,
        "district": district,
        "languages": [rng.choice(["ur", "pa", "sd", "ps", "bal", "skr"])],
        "phone": f"0300-0000{n % 1000:03d}" if rng.random() < 0.6 else "",
    }
    if rng.random() < 0.35:
        born = timezone.localdate() - timedelta(days=365 * age + rng.randrange(365))
        fields["date_of_birth"] = born.isoformat()
    else:
        fields["estimated_age"] = age
    identifier = f"99999-{n:07d}-{n % 10}"
    if age < 18:
        if rng.random() < 0.4:
            fields["bform"] = identifier
        fields["guardian_name"] = f"{father} Demo"
        fields["guardian_relation"] = "father"
    elif rng.random() < 0.5:
        fields["cnic"] = identifier
    if rng.random() < 0.15:
        fields["passport"] = f"DM{n:07d}"
    if rng.random() < 0.05:
        fields["has_disability"] = True
    return fields


def _seed_case(rng, n, *, agency, districts, supervisor, workers) -> Case:
    # Peshgi families are found mostly in Punjab and Sindh; elsewhere a quarter as often.
    in_kiln_belt = agency.province.iso_code in BONDED_PROVINCES
    weight_pattern = [
        (p, p[0] if in_kiln_belt or p[1] != ["bonded-labour"] else p[0] / 4) for p in PATTERNS
    ]
    _w, types, cross_border, who, (low, high) = _weighted(rng, weight_pattern)
    age = rng.randint(low, high)
    # Women and girls are most of the survivors (about two in three here; the police returns
    # say more): girls in domestic work and begging rings, women heading a peshgi family's
    # case half the time, some women in forced labour abroad.
    if who == "child":
        sex = PersonSex.FEMALE if rng.random() < 0.65 else PersonSex.MALE
    elif who == "family":
        sex = PersonSex.FEMALE if rng.random() < 0.5 else PersonSex.MALE
    elif who == "male":
        sex = PersonSex.FEMALE if rng.random() < 0.25 else PersonSex.MALE
    else:
        sex = who if rng.random() < 0.9 else PersonSex.MALE
    district = rng.choice(districts)
    worker = rng.choice(workers)
    person = actions.do_register_person(
        acting_user=worker, **_person_fields(rng, n, sex=sex, age=age, district=district)
    )
    family = []
    if who == "family":  # a brick-kiln family in peshgi: spouse and a child
        spouse = (
            ("wife", PersonSex.FEMALE, age - rng.randint(0, 6))
            if sex == PersonSex.MALE
            else ("husband", PersonSex.MALE, age + rng.randint(0, 6))
        )
        for relation, member_sex, member_age in (
            spouse,
            ("son", PersonSex.MALE, rng.randint(6, 14)),
        ):
            member = actions.do_register_person(
                acting_user=worker,
                **_person_fields(
                    rng, n + 500_000, sex=member_sex, age=max(member_age, 1), district=district
                ),
            )
            family.append((member, relation))
    is_cross_border = rng.random() < cross_border
    facts = {"province": district.province, "district": district}
    if is_cross_border:
        destination = _weighted(rng, DESTINATIONS)
        facts.update(destination_country=destination, route=ROUTES.get(destination, []))
        facts["recruitment_channel"] = _weighted(
            rng,
            [
                ("agency", 30),
                ("social-media", 20),
                ("job-ad", 15),
                ("messaging", 10),
                ("personal", 25),
            ],
        )
        facts["recruiter_relation"] = _weighted(
            rng, [("agent", 60), ("friend", 25), ("family", 15)]
        )
    else:
        facts["recruitment_channel"] = _weighted(
            rng, [("personal", 50), ("marriage", 10), ("social-media", 15), ("unknown", 25)]
        )
        facts["recruiter_relation"] = _weighted(
            rng, [("employer", 35), ("family", 25), ("friend", 20), ("stranger", 20)]
        )
    facts["means_of_control"] = rng.sample(
        [
            "debt",
            "documents",
            "threats",
            "physical-violence",
            "restricted-movement",
            "withheld-wages",
        ],
        k=rng.randint(1, 3),
    )
    detail = [types[0]]
    if types[0] in SETTINGS:
        detail.append(rng.choice(SETTINGS[types[0]]))
    detail.append(facts.get("destination_country", "PK"))
    facts["summary"] = f"Demo case {n} (fictional): {', '.join(detail)}."
    if rng.random() < 0.7:
        facts["exploitation_start"] = timezone.localdate() - timedelta(
            days=rng.randrange(60, 6 * 365)
        )
    # A female survivor's case is assigned to a female worker where the agency has one.
    case = actions.do_open_case(
        acting_user=worker, person=person, family=family, exploitation_types=types, **facts
    )
    target = _weighted(rng, STATUS_WEIGHTS)
    if target != CaseStatus.SCREENING:
        answers = TRAFFICKED_ANSWERS if target != CaseStatus.NOT_VICTIM else UNCLEAR_ANSWERS
        actions.do_record_screening(case=case, person=person, answers=answers, acting_user=worker)
    for step in PATHS[target]:
        reason = ""
        if step == CaseStatus.NOT_VICTIM:
            reason = "Demo: indicators insufficient after interview"
        elif step == CaseStatus.CLOSED:
            reason = "Demo: support plan completed"
        change = actions.do_request_status_change(
            case=case, to_status=step, reason=reason, acting_user=worker
        )
        if change.decision == "pending":
            # Four eyes: the worker asked, the supervisor approves.
            actions.do_decide_status_change(change=change, approve=True, acting_user=supervisor)
    if target in (CaseStatus.ASSISTANCE, CaseStatus.CLOSED) and rng.random() < 0.7:
        shelters = list(Agency.objects.filter(agency_type=AgencyType.SHELTER)[:3])
        if shelters and not person.is_child:
            consent = actions.do_record_consent(
                case=case,
                person=person,
                recipient=rng.choice(shelters),
                purpose=rng.choice(["shelter", "referral", "legal-aid"]),
                acting_user=worker,
                expires_on=timezone.now() + timedelta(days=rng.choice([30, 90, 365])),
            )
            if rng.random() < 0.1:
                actions.do_revoke_consent(consent=consent, acting_user=worker)
    # Spread the demo over two years so date filters show something (timestamps only).
    Case.objects.filter(pk=case.pk).update(
        created_on=timezone.now() - timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
    )
    return case


DEMO_SIZES = {"small": 30, "full": CASE_COUNT}


def seed(*, stdout=None, rng, size: str = "full", count: int | None = None, **_) -> dict:
    """Creates ``count`` demo cases (by ``size`` if not given) unless demo cases exist already
    (then changes nothing)."""
    if count is None:
        count = DEMO_SIZES[size]
    from rihai.accounts.demo import DEMO_AGENCIES

    codes = [a[0] for a in DEMO_AGENCIES]
    agencies = list(
        Agency.objects.filter(code__in=codes, agency_type__in=CASEWORK_TYPES).select_related(
            "province"
        )
    )
    if not agencies or Case.objects.filter(agency__in=agencies).exists():
        return {"cases": 0, "persons": 0}
    # No outer transaction: each action is its own durable transaction (core/actions.py).
    supervisors = _supervisors(agencies, stdout)
    # Cases follow population: Punjab's agencies get the most (census 2023 shares).
    weights = {
        "PK-PB": 53,
        "PK-SD": 23,
        "PK-KP": 17,
        "PK-BA": 6,
        "PK-IS": 3,
        "PK-GB": 1,
        "PK-JK": 2,
    }
    by_agency = []
    for agency in agencies:
        share = weights.get(agency.province.iso_code, 1)
        peers = sum(1 for a in agencies if a.province_id == agency.province_id)
        by_agency.append((agency, share / peers))
    districts = {
        agency.pk: list(District.objects.filter(province_id=agency.province_id))
        for agency in agencies
    }
    workers = {agency.pk: _workers(agency) for agency in agencies}
    made, seeded = 0, []
    for n in range(1, count + 1):
        agency = _weighted(rng, [(a, w) for a, w in by_agency if workers[a.pk]])
        # Most survivors are found near the agency; some come from elsewhere in the province.
        near = [d for d in districts[agency.pk] if d.pk == agency.district_id]
        choices = near * 3 + districts[agency.pk] if near else districts[agency.pk]
        case = _seed_case(
            rng,
            n,
            agency=agency,
            districts=choices,
            supervisor=supervisors[agency.pk],
            workers=workers[agency.pk],
        )
        seeded.append(case)
        made += 1
        if stdout is not None and n % 50 == 0:
            stdout.write(f"  cases: {n}/{count}")
    # A few deliberate duplicates: the same survivor registered again elsewhere, once in
    # Urdu script only, so the duplicate check has something to find in the demo.
    dupes = 0
    for original in Person.objects.filter(
        agency__in=agencies, sex=PersonSex.FEMALE, name_ur__isnull=False
    ).order_by("id")[:5]:
        if not original.name_ur:
            continue
        other = next((a for a in agencies if a.pk != original.agency_id and workers[a.pk]), None)
        if other is None:
            continue
        worker = workers[other.pk][0]
        again = actions.do_register_person(
            acting_user=worker,
            name_ur=original.name_ur,
            sex=original.sex,
            estimated_age=original.age,
            phone=original.phone,
            province=original.province,
            district=original.district,
        )
        actions.do_open_case(acting_user=worker, person=again, exploitation_types=["sexual"])
        dupes += 1
    casework = casework_demo.seed(rng=rng, cases=seeded, supervisors=supervisors)
    return {
        **casework,
        "cases": made + dupes,
        "persons": Person.objects.filter(agency__in=agencies).count(),
        "members": CaseMember.objects.filter(case__agency__in=agencies).count(),
    }
