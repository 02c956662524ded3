"""Synthetic agencies across every province and one demo user per role at each.

Names are obviously fictional ("Demo ..."); nothing here describes a real person.
"""

from rihai.geo.models import District, Province

from .actions import do_create_agency, do_create_user
from .models import Agency, AgencyType, Role, Sex, User

DEMO_PASSWORD = "rihai-demo-pass-2026"  # noqa: S105 - printed for the laptop demo only

# (code, type, English name, Urdu name, province ISO, district slug)
DEMO_AGENCIES = [
    (
        "FIA-LHR",
        AgencyType.FIA_AHTC,
        "Demo FIA AHTC Lahore",
        "ڈیمو ایف آئی اے سرکل لاہور",
        "PK-PB",
        "lahore",
    ),
    (
        "FIA-KHI",
        AgencyType.FIA_AHTC,
        "Demo FIA AHTC Karachi",
        "ڈیمو ایف آئی اے سرکل کراچی",
        "PK-SD",
        "south-karachi",
    ),
    (
        "FIA-ISB",
        AgencyType.FIA_AHTC,
        "Demo FIA AHTC Islamabad",
        "ڈیمو ایف آئی اے سرکل اسلام آباد",
        "PK-IS",
        "islamabad",
    ),
    (
        "FIA-PSH",
        AgencyType.FIA_AHTC,
        "Demo FIA AHTC Peshawar",
        "ڈیمو ایف آئی اے سرکل پشاور",
        "PK-KP",
        "peshawar",
    ),
    (
        "FIA-QTA",
        AgencyType.FIA_AHTC,
        "Demo FIA AHTC Quetta",
        "ڈیمو ایف آئی اے سرکل کوئٹہ",
        "PK-BA",
        "quetta",
    ),
    (
        "POL-PB",
        AgencyType.POLICE,
        "Demo Punjab Police AHT Cell",
        "ڈیمو پنجاب پولیس سیل",
        "PK-PB",
        "gujranwala",
    ),
    (
        "POL-SD",
        AgencyType.POLICE,
        "Demo Sindh Police AHT Cell",
        "ڈیمو سندھ پولیس سیل",
        "PK-SD",
        "hyderabad",
    ),
    (
        "POL-GB",
        AgencyType.POLICE,
        "Demo Gilgit-Baltistan Police",
        "ڈیمو گلگت بلتستان پولیس",
        "PK-GB",
        "gilgit",
    ),
    (
        "POL-AJK",
        AgencyType.POLICE,
        "Demo AJK Police",
        "ڈیمو آزاد کشمیر پولیس",
        "PK-JK",
        "muzaffarabad",
    ),
    (
        "NGO-LHR",
        AgencyType.NGO,
        "Demo Survivors Support NGO",
        "ڈیمو متاثرین معاونت تنظیم",
        "PK-PB",
        "lahore",
    ),
    (
        "NGO-KHI",
        AgencyType.NGO,
        "Demo Coastal Rights NGO",
        "ڈیمو ساحلی حقوق تنظیم",
        "PK-SD",
        "south-karachi",
    ),
    (
        "SHL-LHR",
        AgencyType.SHELTER,
        "Demo Dar-ul-Aman Lahore",
        "ڈیمو دارالامان لاہور",
        "PK-PB",
        "lahore",
    ),
    (
        "SHL-PSH",
        AgencyType.SHELTER,
        "Demo Crisis Centre Peshawar",
        "ڈیمو کرائسس سینٹر پشاور",
        "PK-KP",
        "peshawar",
    ),
    (
        "LAW-ISB",
        AgencyType.LEGAL_AID,
        "Demo Legal Aid Clinic",
        "ڈیمو قانونی امداد کلینک",
        "PK-IS",
        "islamabad",
    ),
    (
        "PSY-KHI",
        AgencyType.PSYCHOSOCIAL,
        "Demo Psychosocial Centre",
        "ڈیمو نفسیاتی معاونت مرکز",
        "PK-SD",
        "south-karachi",
    ),
    (
        "MED-QTA",
        AgencyType.MEDICAL,
        "Demo Medical Camp Quetta",
        "ڈیمو طبی مرکز کوئٹہ",
        "PK-BA",
        "quetta",
    ),
    (
        "VOC-FSD",
        AgencyType.VOCATIONAL,
        "Demo Skills Institute",
        "ڈیمو ہنر مرکز",
        "PK-PB",
        "faisalabad",
    ),
    (
        "POE-RWP",
        AgencyType.BEOE,
        "Demo Protector of Emigrants Rawalpindi",
        "ڈیمو پروٹیکٹر آف امیگرنٹس راولپنڈی",
        "PK-PB",
        "rawalpindi",
    ),
    (
        "CPU-MUL",
        AgencyType.CHILD_PROTECTION,
        "Demo Child Protection Unit Multan",
        "ڈیمو چائلڈ پروٹیکشن یونٹ ملتان",
        "PK-PB",
        "multan",
    ),
    (
        "LAB-SKT",
        AgencyType.LABOUR,
        "Demo Labour Department Sialkot",
        "ڈیمو محکمہ محنت سیالکوٹ",
        "PK-PB",
        "sialkot",
    ),
    (
        "MOI-ANL",
        AgencyType.ANALYSIS,
        "Demo Interior Analysis Unit",
        "ڈیمو تجزیاتی یونٹ وزارت داخلہ",
        "PK-IS",
        "islamabad",
    ),
]

# The demo login printed for each role: (username, role, agency code, first name, last name, sex)
DEMO_USERS = [
    ("demo.admin", "administrator", "MOI-ANL", "Demo", "Administrator", Sex.MALE),
    ("demo.supervisor", "supervisor", "FIA-LHR", "Demo", "Supervisor", Sex.FEMALE),
    ("demo.caseworker", "case-worker", "NGO-LHR", "Demo", "Caseworker", Sex.FEMALE),
    ("demo.investigator", "investigator", "FIA-LHR", "Demo", "Investigator", Sex.MALE),
    ("demo.provider", "service-provider", "SHL-LHR", "Demo", "Shelter Staff", Sex.FEMALE),
    ("demo.analyst", "analyst", "MOI-ANL", "Demo", "Analyst", Sex.FEMALE),
    ("demo.auditor", "auditor", "MOI-ANL", "Demo", "Auditor", Sex.MALE),
]


def _district(province: Province, slug_start: str) -> District | None:
    return District.objects.filter(province=province, slug__startswith=slug_start).first()


def seed(*, stdout=None, **_) -> dict:
    """Creates what is missing; running it twice changes nothing. Each action commits on its
    own (actions are durable), so a run stopped half-way is completed by the next."""
    created_agencies = 0
    for code, agency_type, name, name_ur, iso, district_slug in DEMO_AGENCIES:
        if Agency.objects.filter(code=code).exists():
            continue
        province = Province.objects.get(iso_code=iso)
        do_create_agency(
            acting_user=None,
            code=code,
            agency_type=agency_type,
            name=name,
            name_ur=name_ur,
            province=province,
            district=_district(province, district_slug),
        )
        created_agencies += 1
    # A case worker and a supervisor at every casework agency, so every agency has people.
    users = list(DEMO_USERS)
    for agency in Agency.objects.filter(code__in=[a[0] for a in DEMO_AGENCIES]):
        suffix = agency.code.lower()
        if agency.agency_type in (AgencyType.FIA_AHTC, AgencyType.POLICE):
            users.append(
                (
                    f"demo.io.{suffix}",
                    "investigator",
                    agency.code,
                    "Demo",
                    f"Officer {agency.code}",
                    Sex.MALE,
                )
            )
        if not User.objects.filter(agency=agency, role__code="supervisor").exists():
            users.append(
                (
                    f"demo.sup.{suffix}",
                    "supervisor",
                    agency.code,
                    "Demo",
                    f"Supervisor {agency.code}",
                    Sex.FEMALE,
                )
            )
        users.append(
            (
                f"demo.cw.{suffix}",
                "case-worker",
                agency.code,
                "Demo",
                f"Worker {agency.code}",
                Sex.FEMALE,
            )
        )
        users.append(
            (
                f"demo.cw2.{suffix}",
                "case-worker",
                agency.code,
                "Demo",
                f"Worker Two {agency.code}",
                Sex.MALE,
            )
        )
    created_users = 0
    for username, role_code, agency_code, first, last, sex in users:
        if User.objects.filter(username=username).exists():
            continue
        do_create_user(
            acting_user=None,
            username=username,
            password=DEMO_PASSWORD,
            agency=Agency.objects.get(code=agency_code),
            role=Role.objects.get(code=role_code),
            first_name=first,
            last_name=last,
            sex=sex,
        )
        created_users += 1
    return {"agencies": created_agencies, "users": created_users}
