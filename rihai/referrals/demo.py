"""Synthetic directory and referrals for the demo: every province, every referral state.

All fictional and labelled "Demo": a Dar-ul-Aman in every Punjab district (listed, except the
demo agency in Lahore, which uses Rihai), crisis centres, child protection institutions, legal
aid, return and livelihood services in every province; the demo agencies that provide services
become providers in Rihai. Referrals are made from the demo cases through the same actions as
real ones (consent recorded first, or a statutory basis for children), then moved through
accepted, declined, in service (admitted), completed (discharged) and withdrawn; some are left
unanswered past their deadline. Phone numbers come from the unused 0300-0000xxx range.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from rihai.accounts.models import Agency, AgencyType, Role, Sex, User
from rihai.geo.models import District, Province

from . import actions
from .choices import BedType, ProviderKind, ServiceType
from .models import BedCapacity, Provider, ProviderService, Referral

S = ServiceType
# Demo agencies that provide services: (kind, services, beds, sexes, min age, max age)
AGENCY_PROVIDERS = {
    "SHL-LHR": (
        ProviderKind.DAR_UL_AMAN,
        [S.SHELTER, S.PSYCHOSOCIAL],
        {BedType.WOMEN: 30, BedType.WOMEN_WITH_CHILDREN: 10},
        ["female"],
        18,
        None,
    ),
    "SHL-PSH": (
        ProviderKind.CRISIS_CENTRE,
        [S.SHELTER, S.PSYCHOSOCIAL, S.MEDICAL],
        {BedType.WOMEN: 15, BedType.WOMEN_WITH_CHILDREN: 5},
        ["female"],
        18,
        None,
    ),
    "LAW-ISB": (ProviderKind.LEGAL_AID, [S.LEGAL_AID], {}, [], None, None),
    "PSY-KHI": (ProviderKind.PSYCHOSOCIAL, [S.PSYCHOSOCIAL], {}, [], None, None),
    "MED-QTA": (ProviderKind.MEDICAL, [S.MEDICAL], {}, [], None, None),
    "VOC-FSD": (ProviderKind.VOCATIONAL, [S.VOCATIONAL, S.LIVELIHOOD], {}, [], 16, None),
    "CPU-MUL": (
        ProviderKind.CHILD_PROTECTION,
        [S.CHILD_PROTECTION, S.FAMILY_TRACING],
        {BedType.GIRLS: 10, BedType.BOYS: 10},
        [],
        None,
        17,
    ),
    "NGO-LHR": (ProviderKind.NGO, [S.PSYCHOSOCIAL, S.LEGAL_AID, S.RETURN], {}, [], None, None),
}
# Listed-only services in each province's capital district: (kind, English, Urdu, services)
PROVINCIAL = [
    (
        ProviderKind.CRISIS_CENTRE,
        "Demo Women's Crisis Centre",
        "ڈیمو ویمن کرائسس سینٹر",
        [S.SHELTER, S.PSYCHOSOCIAL, S.MEDICAL],
    ),
    (
        ProviderKind.CHILD_PROTECTION,
        "Demo Child Protection Bureau",
        "ڈیمو چائلڈ پروٹیکشن بیورو",
        [S.CHILD_PROTECTION, S.FAMILY_TRACING],
    ),
    (
        ProviderKind.LEGAL_AID,
        "Demo Free Legal Aid Committee",
        "ڈیمو مفت قانونی امداد کمیٹی",
        [S.LEGAL_AID],
    ),
    (
        ProviderKind.RETURN,
        "Demo Assisted Return Office",
        "ڈیمو معاون واپسی دفتر",
        [S.RETURN, S.FAMILY_TRACING],
    ),
    (
        ProviderKind.LIVELIHOOD,
        "Demo Livelihood Programme",
        "ڈیمو روزگار پروگرام",
        [S.LIVELIHOOD, S.VOCATIONAL],
    ),
]
CAPITALS = {
    "PK-PB": "lahore",
    "PK-SD": "south-karachi",
    "PK-KP": "peshawar",
    "PK-BA": "quetta",
    "PK-IS": "islamabad",
    "PK-GB": "gilgit",
    "PK-JK": "muzaffarabad",
}
STATES = ["requested", "late", "accepted", "declined", "in-service", "completed", "withdrawn"]
DEMO_SIZES = {"small": 20, "full": 120}


def _phone(n: int) -> str:
    return f"0300-0000{n % 1000:03d}"


def _provider(n, *, services, beds=None, served=(), **fields) -> Provider:
    provider = Provider.objects.create(phone=_phone(n), hours="09:00–17:00", **fields)
    ProviderService.objects.bulk_create(
        [ProviderService(provider=provider, service_type=s) for s in services]
    )
    provider.districts_served.set(list(served) or [provider.district_id])
    BedCapacity.objects.bulk_create(
        [BedCapacity(provider=provider, bed_type=b, capacity=c) for b, c in (beds or {}).items()]
    )
    return provider


def _directory() -> int:
    made = 0
    everywhere = list(District.objects.values_list("pk", flat=True))
    for agency in Agency.objects.filter(code__in=AGENCY_PROVIDERS).select_related("district"):
        kind, services, beds, sexes, low, high = AGENCY_PROVIDERS[agency.code]
        made += 1
        _provider(
            made,
            services=services,
            beds=beds,
            served=everywhere,
            name=agency.name,
            name_ur=agency.name_ur,
            kind=kind,
            agency=agency,
            province_id=agency.province_id,
            district=agency.district
            or District.objects.filter(province_id=agency.province_id).first(),
            eligible_sexes=sexes,
            min_age=low,
            max_age=high,
            accepts_children=BedType.WOMEN_WITH_CHILDREN in beds,
            languages=["ur", "en"],
        )
    punjab = Province.objects.get(iso_code="PK-PB")
    for district in District.objects.filter(province=punjab).exclude(slug__startswith="lahore"):
        made += 1
        _provider(
            made,
            services=[S.SHELTER, S.PSYCHOSOCIAL],
            beds={BedType.WOMEN: 20, BedType.WOMEN_WITH_CHILDREN: 8},
            name=f"Demo Dar-ul-Aman {district.name_en}",
            name_ur=f"ڈیمو دارالامان {district.name_ur}",
            kind=ProviderKind.DAR_UL_AMAN,
            province=punjab,
            district=district,
            eligible_sexes=["female"],
            min_age=18,
            accepts_children=True,
            languages=["ur", "pa"],
            address=f"Demo Road, {district.name_en}",
        )
    for province in Province.objects.all():
        capital = (
            District.objects.filter(
                province=province, slug__startswith=CAPITALS.get(province.iso_code, "~")
            ).first()
            or District.objects.filter(province=province).first()
        )
        if capital is None:
            continue
        served = list(District.objects.filter(province=province).values_list("pk", flat=True))
        for kind, name, name_ur, services in PROVINCIAL:
            made += 1
            child = kind == ProviderKind.CHILD_PROTECTION
            _provider(
                made,
                services=services,
                served=served,
                beds={BedType.GIRLS: 12, BedType.BOYS: 12}
                if child
                else ({BedType.WOMEN: 10} if S.SHELTER in services else {}),
                name=f"{name} {capital.name_en}",
                name_ur=f"{name_ur} {capital.name_ur}",
                kind=kind,
                province=province,
                district=capital,
                eligible_sexes=["female"] if kind == ProviderKind.CRISIS_CENTRE else [],
                max_age=17 if child else None,
                languages=["ur", "en"],
            )
    return made


def _staff(agency: Agency) -> User:
    """A service-provider staff member who answers the agency's referrals (made if missing)."""
    from rihai.accounts.actions import do_create_user
    from rihai.accounts.demo import DEMO_PASSWORD

    found = User.objects.filter(agency=agency, role__code__in=["service-provider", "supervisor"])
    return found.order_by("role__code", "id").first() or do_create_user(
        acting_user=None,
        username=f"demo.sp.{agency.code.lower()}",
        password=DEMO_PASSWORD,
        agency=agency,
        role=Role.objects.get(code="service-provider"),
        first_name="Demo",
        last_name=f"Staff {agency.code}",
        sex=Sex.FEMALE,
    )


def _plan(person, rng):
    """(need, provider agency code, consent purpose or None for a statutory basis)."""
    if person.age is None or person.is_child:
        return S.CHILD_PROTECTION, "CPU-MUL", None
    if person.sex == "female":
        return rng.choice(
            [
                (S.SHELTER, "SHL-LHR", "shelter"),
                (S.SHELTER, "SHL-PSH", "shelter"),
                (S.LEGAL_AID, "LAW-ISB", "legal-aid"),
                (S.PSYCHOSOCIAL, "PSY-KHI", "referral"),
            ]
        )
    return rng.choice(
        [
            (S.LEGAL_AID, "LAW-ISB", "legal-aid"),
            (S.MEDICAL, "MED-QTA", "medical"),
            (S.VOCATIONAL, "VOC-FSD", "referral"),
            (S.PSYCHOSOCIAL, "PSY-KHI", "referral"),
        ]
    )


def _move(referral, state, staff, rng):
    if state in ("requested", "late"):
        return
    if state == "withdrawn":
        actions.do_withdraw_referral(
            referral=referral,
            acting_user=referral.referred_by,
            note="Demo: the survivor chose to return home",
        )
        return
    if state == "declined":
        actions.do_decline_referral(
            referral=referral, acting_user=staff, reason=rng.choice(["no-capacity", "out-of-area"])
        )
        return
    actions.do_accept_referral(referral=referral, acting_user=staff)
    if state == "accepted":
        return
    if referral.service_type in actions.RESIDENTIAL:
        bed = {"female": BedType.GIRLS, "male": BedType.BOYS}.get(referral.person_sex)
        if referral.service_type == S.SHELTER:
            bed = BedType.WOMEN
        actions.do_admit_to_shelter(referral=referral, bed_type=bed, acting_user=staff)
    else:
        actions.do_start_service(referral=referral, acting_user=staff)
    actions.do_record_service(
        referral=referral,
        acting_user=staff,
        delivered_on=timezone.localdate(),
        description="Demo: first session",
    )
    if state == "completed":
        if referral.service_type in actions.RESIDENTIAL:
            actions.do_discharge_from_shelter(
                referral=referral, acting_user=staff, reason="reunified"
            )
        else:
            actions.do_complete_referral(referral=referral, acting_user=staff)


def _referrals(rng, count: int, stdout) -> int:
    from rihai.cases.actions import do_record_consent
    from rihai.cases.queries import assigned_cases_in_status

    providers = {
        p.agency.code: p
        for p in Provider.objects.filter(agency__isnull=False).select_related("agency")
    }
    staff = {code: _staff(p.agency) for code, p in providers.items()}
    cases = list(
        assigned_cases_in_status(
            ["presumed", "identified", "assistance"], exclude_agency_codes=list(providers)
        )[: count * 2]
    )
    made = 0
    for case in cases:
        if made >= count:
            break
        person = case.members.get(role="primary").person
        need, code, purpose = _plan(person, rng)
        if code not in providers:
            continue
        worker, provider = case.assigned_to, providers[code]
        basis = {}
        if purpose is None:
            basis = {
                "legal_basis": "statutory-duty",
                "legal_reference": f"Demo CPU order {case.pk}",
            }
        else:
            do_record_consent(
                case=case,
                person=person,
                recipient=provider.agency,
                purpose=purpose,
                acting_user=worker,
            )
        try:  # each action commits on its own (durable): a refusal leaves the steps before it
            referral = actions.do_refer_case(
                case=case,
                person=person,
                provider=provider,
                service_type=need,
                acting_user=worker,
                needs="Demo: safe stay, counselling and legal advice",
                risks="Demo: recruiter still in contact with family",
                **basis,
            )
            state = STATES[made % len(STATES)]
            _move(referral, state, staff[code], rng)
        except ValidationError:
            continue  # e.g. a full shelter: the demo simply has one referral fewer
        days = rng.randrange(1, 60) if state != "requested" else 0
        if state == "late":
            days = rng.randrange(4, 15)
        requested = timezone.now() - timedelta(days=days, minutes=rng.randrange(600))
        Referral.objects.filter(pk=referral.pk).update(
            requested_on=requested,
            due_by=requested + timedelta(hours=actions.response_hours(need)),
        )
        made += 1
        if stdout is not None and made % 40 == 0:
            stdout.write(f"  referrals: {made}/{count}")
    return made


def seed(*, stdout=None, rng, size: str = "full", count: int | None = None, **_) -> dict:
    """Makes the directory and ``count`` referrals, unless a directory exists (then nothing)."""
    if Provider.objects.exists():
        return {"providers": 0, "referrals": 0}
    count = DEMO_SIZES[size] if count is None else count
    providers = _directory()
    made = (
        _referrals(rng, count, stdout)
        if Agency.objects.filter(agency_type=AgencyType.SHELTER).exists()
        else 0
    )
    return {"providers": providers, "referrals": made}
