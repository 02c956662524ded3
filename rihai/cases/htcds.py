"""A case as an HTCDS 2.0 JSON document, and back.

HTCDS 2.0 (IOM / Tech Against Trafficking; field list in the reference folder,
``htcds_field_standards_2.0.derived.csv``) names fields by table prefix: ``prs_`` person,
``vic_`` victim context, ``cas_`` case, ``hte_`` trafficking event, ``con_`` consent.

The document carries the standard fields with standard picklist values, so any HTCDS system
can read it. Where Rihai holds more than the standard can say (bonded labour is "ForcedLabour"
in HTCDS; a CNIC, a B-Form and a passport share one ``prs_IdentityNumber``), the exact values
travel beside the standard ones in an ``x_rihai`` block. Import reads ``x_rihai`` first and falls
back to the standard fields, so a document from another HTCDS system imports too.

The mapping is pure (no database writes): ``to_htcds(case)`` and ``from_htcds(document)``.
The import action, with its audit row, is ``actions.do_import_htcds_case``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import (
    CaseStatus,
    ExploitationType,
    MeansOfControl,
    MemberRole,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)

STANDARD = "HTCDS"
STANDARD_VERSION = "2.0"
FORMAT = 1  # the layout of Rihai's document around the standard fields

# ---------------------------------------------------------------- field map (Rihai → HTCDS)
# Field map, one line per Rihai field (documented in docs/cases.md):
#   Person.name_roman          → prs_FirstName + prs_SecondName (split at the last space)
#   Person.date_of_birth       → prs_Birthdate
#   Person.sex                 → prs_Gender
#   Person.nationality         → prs_Citizenship [ISO 3166-1]
#   Person.cnic|bform|passport → prs_IdentityNumber (first that is set)
#   Person.phone               → prs_MobilePhone (E.164)
#   Person.address             → prs_MailingStreet
#   Person.district / province → prs_MailingCity / prs_MailingState, prs_MailingCountry "PK"
#   Person.languages           → prs_PrimaryLanguage, prs_SecondaryLanguage
#   Case.status                → vic_TraffickingStatus, cas_Status
#   Case.agency.agency_type    → vic_TraffickingStatusDecisionMakingOrg
#   Case.recruiter_relation    → vic_RelationshipToTrafficker
#   Case.recruitment_channel   → vic_MethodOfRecruitment (+ vic_RecruitmentWebsitesAndApps)
#   Case.means_of_control      → vic_MethodsOfControl
#   Case exploitation types    → vic_TypeOfExploitation (+ vic_TypeOfSexExploitation)
#   age at exploitation start  → vic_AgeWhenTrafficked
#   Case.status_reason (closed)→ cas_ReasonForCaseClosure
#   Case.route / destination   → hte_* events (Recruitment, Transit, Exploitation)
#   consent in force (any)     → con_Consent

EXPLOITATION_TO_HTCDS = {
    ExploitationType.FORCED_LABOUR: "ForcedLabour",
    ExploitationType.BONDED_LABOUR: "ForcedLabour",
    ExploitationType.SEXUAL: "SexualExploitation",
    ExploitationType.ONLINE_SEXUAL: "SexualExploitation",
    ExploitationType.FORCED_BEGGING: "ForcedBegging",
    ExploitationType.FORCED_MARRIAGE: "ForcedMarriage",
    ExploitationType.CHILD_DOMESTIC: "ChildLabour",
    ExploitationType.DOMESTIC_SERVITUDE: "Servitude",
    ExploitationType.FORCED_CRIMINALITY: "Other",  # HTCDS 2.0 has no forced-criminality value
    ExploitationType.ORGAN_REMOVAL: "OrganRemoval",
    ExploitationType.CHILD_SOLDIER: "ForcedMilitaryByNonStateActors",
    ExploitationType.OTHER: "Other",
}
EXPLOITATION_FROM_HTCDS = {
    "ForcedLabour": ExploitationType.FORCED_LABOUR,
    "SexualExploitation": ExploitationType.SEXUAL,
    "ChildLabour": ExploitationType.CHILD_DOMESTIC,
    "ForcedMarriage": ExploitationType.FORCED_MARRIAGE,
    "Servitude": ExploitationType.DOMESTIC_SERVITUDE,
    "ForcedMilitaryByNonStateActors": ExploitationType.CHILD_SOLDIER,
    "OrganRemoval": ExploitationType.ORGAN_REMOVAL,
    "ForcedBegging": ExploitationType.FORCED_BEGGING,
    "ForcedAdoption": ExploitationType.OTHER,
    "Surrogacy": ExploitationType.OTHER,
    "Other": ExploitationType.OTHER,
}
MEANS_TO_HTCDS = {
    MeansOfControl.DEBT: "DebtBondage",
    MeansOfControl.DOCUMENTS: "WithholdsDocuments",
    MeansOfControl.THREATS: "PhysicalThreats",
    MeansOfControl.PHYSICAL_VIOLENCE: "PhysicalAbuse",
    MeansOfControl.SEXUAL_VIOLENCE: "SexualAbuse",
    MeansOfControl.RESTRICTED_MOVEMENT: "Other",
    MeansOfControl.WITHHELD_WAGES: "TakesEarnings",
    MeansOfControl.PSYCHOLOGICAL: "PsychologicalAbuse",
    MeansOfControl.SUBSTANCES: "PsychoactiveSubstance",
    MeansOfControl.FALSE_PROMISES: "FalsePromises",
    MeansOfControl.ISOLATION: "Other",
    MeansOfControl.IMMIGRATION_THREAT: "ThreatsLawEnforcement",
}
MEANS_FROM_HTCDS = {
    "PhysicalThreats": MeansOfControl.THREATS,
    "ThreatsLawEnforcement": MeansOfControl.IMMIGRATION_THREAT,
    "ThreatensChildrenFamily": MeansOfControl.THREATS,
    "DebtBondage": MeansOfControl.DEBT,
    "FalsePromises": MeansOfControl.FALSE_PROMISES,
    "PhysicalAbuse": MeansOfControl.PHYSICAL_VIOLENCE,
    "SexualAbuse": MeansOfControl.SEXUAL_VIOLENCE,
    "TakesEarnings": MeansOfControl.WITHHELD_WAGES,
    "RestrictsFinancialAccess": MeansOfControl.WITHHELD_WAGES,
    "PsychologicalAbuse": MeansOfControl.PSYCHOLOGICAL,
    "PsychoactiveSubstance": MeansOfControl.SUBSTANCES,
    "WithholdsDocuments": MeansOfControl.DOCUMENTS,
    # No Rihai code of their own: kept out rather than guessed.
    "RestrictsMedicalCare": None,
    "WithholdsNecessities": None,
    "ExcessiveWorkingHours": None,
    "Other": None,
}
RELATION_TO_HTCDS = {
    RecruiterRelation.FAMILY: "Familial",
    RecruiterRelation.PARTNER: "Familial",
    RecruiterRelation.FRIEND: "Acquainted",
    RecruiterRelation.EMPLOYER: "Acquainted",
    RecruiterRelation.AGENT: "Acquainted",
    RecruiterRelation.STRANGER: "Unaquainted",  # sic: the standard's spelling
}
RELATION_FROM_HTCDS = {
    "Familial": RecruiterRelation.FAMILY,
    "Acquainted": RecruiterRelation.FRIEND,
    "Unaquainted": RecruiterRelation.STRANGER,
    "Unacquainted": RecruiterRelation.STRANGER,
}
CHANNEL_TO_HTCDS = {
    RecruitmentChannel.SOCIAL_MEDIA: "ThroughOnlineSocialNetworks",
    RecruitmentChannel.JOB_AD: "ThroughAnOnlineAdvertisement",
    RecruitmentChannel.MESSAGING: "ThroughOnlineSocialNetworks",
    RecruitmentChannel.PERSONAL: "ThroughFriendsOrSocialEvents",
    RecruitmentChannel.AGENCY: "AtAPlaceOfBusiness",
    RecruitmentChannel.ABDUCTION: "Other",
    RecruitmentChannel.MARRIAGE: "ThroughFamilyOrFamilyEvents",
    RecruitmentChannel.OTHER: "Other",
}
CHANNEL_FROM_HTCDS = {
    "ThroughOnlineSocialNetworks": RecruitmentChannel.SOCIAL_MEDIA,
    "ThroughAnOnlineAdvertisement": RecruitmentChannel.JOB_AD,
    "ThroughATelevisionAdvert": RecruitmentChannel.JOB_AD,
    "ThroughANewspaperAdvert": RecruitmentChannel.JOB_AD,
    "ThroughFriendsOrSocialEvents": RecruitmentChannel.PERSONAL,
    "ThroughFamilyOrFamilyEvents": RecruitmentChannel.PERSONAL,
    "AtAPlaceOfBusiness": RecruitmentChannel.AGENCY,
    "AtWork": RecruitmentChannel.PERSONAL,
    "AtAnEducationalInstitution": RecruitmentChannel.PERSONAL,
    "Other": RecruitmentChannel.OTHER,
}
SEX_TO_HTCDS = {
    PersonSex.FEMALE: "Feminine",
    PersonSex.MALE: "Masculine",
    PersonSex.TRANSGENDER: "NonConforming",
    PersonSex.UNKNOWN: "NonSpecifiedUnknown",
}
SEX_FROM_HTCDS = {
    "Feminine": PersonSex.FEMALE,
    "Masculine": PersonSex.MALE,
    "TransgenderFeminine": PersonSex.TRANSGENDER,
    "TransgenderMasculine": PersonSex.TRANSGENDER,
    "NonConforming": PersonSex.TRANSGENDER,
    "NonSpecifiedUnknown": PersonSex.UNKNOWN,
}
DECISION_ORG = {
    "fia-ahtc": "Police",
    "police": "Police",
    "ngo": "NGO",
    "shelter": "NGO",
    "legal-aid": "NGO",
    "psychosocial": "NGO",
    "medical": "NGO",
    "vocational": "NGO",
}


def trafficking_status(case) -> str:
    if case.status == CaseStatus.NOT_VICTIM:
        return "NotAVictimOfTrafficking"
    if case.status in (CaseStatus.IDENTIFIED, CaseStatus.ASSISTANCE) or case.identified_on:
        return "ActualVictimOfTrafficking"
    return "PossibleVictimOfTrafficking"


def _split_name(name: str) -> tuple[str, str]:
    name = " ".join(name.split())
    if " " not in name:
        return name, ""
    first, _sep, last = name.rpartition(" ")
    return first, last


def _age_at(person, when) -> int | None:
    if when is None:
        return None
    if person.date_of_birth:
        born = person._parsed_birth_date()
        return when.year - born.year - ((when.month, when.day) < (born.month, born.day))
    if person.birth_year:
        return when.year - person.birth_year
    return None


# ---------------------------------------------------------------- export


def person_document(person, *, case, member, consent_in_force: bool) -> dict:
    first, second = _split_name(person.name_roman or "")
    doc = {
        "prs_FirstName": first,
        "prs_SecondName": second,
        "prs_Birthdate": person.date_of_birth or None,
        "prs_Gender": SEX_TO_HTCDS[person.sex],
        "prs_Citizenship": [person.nationality] if person.nationality else [],
        "prs_IdentityNumber": person.cnic or person.bform or person.passport or "",
        "prs_MobilePhone": _e164(person.phone),
        "prs_MailingStreet": person.address or "",
        "prs_MailingCity": person.district.name_en if person.district_id else "",
        "prs_MailingState": person.province.name_en if person.province_id else "",
        "prs_MailingCountry": "PK" if person.province_id else "",
        "prs_PrimaryLanguage": (person.languages or [None])[0],
        "prs_SecondaryLanguage": (person.languages or [None, None])[1]
        if len(person.languages or []) > 1
        else None,
        "vic_TraffickingStatus": trafficking_status(case),
        "vic_AgeWhenTrafficked": _age_at(person, case.exploitation_start),
        "con_Consent": consent_in_force,
        "x_rihai": {
            "role": member.role,
            "relation_to_primary": member.relation_to_primary,
            "name_ur": person.name_ur,
            "name_roman": person.name_roman,
            "parentage_relation": person.parentage_relation,
            "parentage_name": person.parentage_name,
            "sex": person.sex,
            "estimated_age": person.estimated_age,
            "cnic": person.cnic,
            "bform": person.bform,
            "passport": person.passport,
            "phone": person.phone,
            "province": person.province.iso_code if person.province_id else None,
            "district": person.district.code if person.district_id else None,
            "languages": list(person.languages or []),
            "has_disability": person.has_disability,
            "disability_notes": person.disability_notes,
            "guardian_name": person.guardian_name,
            "guardian_relation": person.guardian_relation,
            "guardian_phone": person.guardian_phone,
        },
    }
    return doc


def _e164(phone: str) -> str:
    from .validators import normalise_phone

    return normalise_phone(phone) if phone else ""


def to_htcds(case, *, consented_person_ids: set[int] = frozenset()) -> dict:
    """The case as an HTCDS 2.0 document. ``case`` should come with members and persons loaded."""
    types = sorted(e.exploitation_type for e in case.exploitations.all())
    victim = {
        "vic_TraffickingStatus": trafficking_status(case),
        "vic_TraffickingStatusDecisionMakingOrg": DECISION_ORG.get(
            case.agency.agency_type, "NonPoliceGovernmentalOrganization"
        ),
        "vic_RelationshipToTrafficker": RELATION_TO_HTCDS.get(case.recruiter_relation),
        "vic_MethodOfRecruitment": [CHANNEL_TO_HTCDS[case.recruitment_channel]]
        if case.recruitment_channel in CHANNEL_TO_HTCDS
        else [],
        "vic_RecruitmentWebsitesAndApps": ["WhatsApp"]
        if case.recruitment_channel == RecruitmentChannel.MESSAGING
        else [],
        "vic_MethodsOfControl": sorted({MEANS_TO_HTCDS[m] for m in case.means_of_control}),
        "vic_TypeOfExploitation": sorted({EXPLOITATION_TO_HTCDS[t] for t in types}),
        "vic_TypeOfSexExploitation": ["RemoteInteractiveServices"]
        if ExploitationType.ONLINE_SEXUAL in types
        else [],
    }
    events = []
    if case.province_id:
        events.append({"hte_Type": "Recruitment", "hte_Country": "PK"})
    for country in case.route or []:
        events.append({"hte_Type": "Transit", "hte_Country": country})
    events.append(
        {
            "hte_Type": "Exploitation",
            "hte_Country": case.destination_country,
            "hte_Date": case.exploitation_start.isoformat() if case.exploitation_start else None,
        }
    )
    persons = []
    for member in case.members.all():
        doc = person_document(
            member.person,
            case=case,
            member=member,
            consent_in_force=member.person_id in consented_person_ids,
        )
        doc.update({k: v for k, v in victim.items() if k != "vic_TraffickingStatus"})
        persons.append(doc)
    return {
        "standard": STANDARD,
        "standard_version": STANDARD_VERSION,
        "format": FORMAT,
        "generator": "rihai",
        "case": {
            "cas_Status": "Closed" if case.status == CaseStatus.CLOSED else "Active",
            "cas_ReasonForCaseClosure": case.status_reason
            if case.status == CaseStatus.CLOSED
            else "",
            "x_rihai": {
                "reference": case.reference,
                "agency": case.agency.code,
                "status": case.status,
                "exploitation_types": types,
                "means_of_control": list(case.means_of_control),
                "recruiter_relation": case.recruiter_relation,
                "recruitment_channel": case.recruitment_channel,
                "destination_country": case.destination_country,
                "route": list(case.route or []),
                "is_transnational": case.is_transnational,
                "exploitation_start": case.exploitation_start.isoformat()
                if case.exploitation_start
                else None,
                "province": case.province.iso_code if case.province_id else None,
                "district": case.district.code if case.district_id else None,
                "summary": case.summary,
            },
        },
        "persons": persons,
        "events": events,
    }


# ---------------------------------------------------------------- import


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _pick(choices: dict, value, path: str, errors: _Errors):
    if value in (None, ""):
        return None
    if value not in choices:
        errors.add(path, _("Unknown value “%(value)s”.") % {"value": str(value)[:40]})
        return None
    return choices[value]


def _geo(x: dict, doc: dict, path: str, errors: _Errors) -> dict:
    from rihai.geo.models import District, Province

    out = {}
    province = None
    if x.get("province"):
        province = Province.objects.filter(iso_code=x["province"]).first()
        if province is None:
            errors.add(f"{path}.province", _("Unknown province."))
    elif doc.get("prs_MailingState"):
        province = Province.objects.filter(name_en__iexact=doc["prs_MailingState"]).first()
    if province:
        out["province"] = province
    district = None
    if x.get("district"):
        district = District.objects.filter(code=x["district"]).first()
        if district is None:
            errors.add(f"{path}.district", _("Unknown district."))
    elif doc.get("prs_MailingCity") and province:
        district = District.objects.filter(
            province=province, name_en__iexact=doc["prs_MailingCity"]
        ).first()
    if district:
        out["district"] = district
    return out


def _person_fields(doc: dict, path: str, errors: _Errors) -> tuple[dict, str, str]:
    if not isinstance(doc, dict):
        errors.add(path, _("Each person must be an object."))
        return {}, "", ""
    x = doc.get("x_rihai") or {}
    name_roman = x.get("name_roman")
    if name_roman is None:
        name_roman = " ".join(p for p in (doc.get("prs_FirstName"), doc.get("prs_SecondName")) if p)
    sex = x.get("sex") or _pick(SEX_FROM_HTCDS, doc.get("prs_Gender"), f"{path}.prs_Gender", errors)
    if sex and sex not in PersonSex.values:
        errors.add(f"{path}.sex", _("Unknown value “%(value)s”.") % {"value": str(sex)[:40]})
    citizenship = doc.get("prs_Citizenship") or []
    identity = doc.get("prs_IdentityNumber") or ""
    fields = {
        "name_roman": name_roman or "",
        "name_ur": x.get("name_ur") or "",
        "parentage_relation": x.get("parentage_relation") or "",
        "parentage_name": x.get("parentage_name") or "",
        "sex": sex or PersonSex.UNKNOWN,
        "date_of_birth": doc.get("prs_Birthdate") or "",
        "estimated_age": x.get("estimated_age"),
        "nationality": (citizenship[0] if citizenship else "PK")[:2].upper(),
        "cnic": x.get("cnic", identity if _looks_like_cnic(identity) else ""),
        "bform": x.get("bform") or "",
        "passport": x.get(
            "passport", identity if identity and not _looks_like_cnic(identity) else ""
        ),
        "phone": x.get("phone") or doc.get("prs_MobilePhone") or "",
        "address": doc.get("prs_MailingStreet") or "",
        "languages": x.get("languages")
        or [
            lang
            for lang in (doc.get("prs_PrimaryLanguage"), doc.get("prs_SecondaryLanguage"))
            if lang
        ],
        "has_disability": bool(x.get("has_disability", False)),
        "disability_notes": x.get("disability_notes") or "",
        "guardian_name": x.get("guardian_name") or "",
        "guardian_relation": x.get("guardian_relation") or "",
        "guardian_phone": x.get("guardian_phone") or "",
        **_geo(x, doc, path, errors),
    }
    role = x.get("role") or MemberRole.PRIMARY
    if role not in MemberRole.values:
        errors.add(f"{path}.role", _("Unknown value “%(value)s”.") % {"value": str(role)[:40]})
    return fields, role, (x.get("relation_to_primary") or "")[:40]


def _looks_like_cnic(value: str) -> bool:
    from .validators import digits_only

    return len(digits_only(value)) == 13 and not any(ch.isalpha() for ch in value)


def from_htcds(document) -> dict:
    """Rihai's fields from an HTCDS document; ValidationError with a path for every problem.

    Returns ``{"primary": fields, "family": [(fields, relation)], "facts": {...},
    "exploitation_types": [...], "source": {"reference", "status", "agency"}}``.
    """
    errors = _Errors()
    if not isinstance(document, dict):
        raise ValidationError({"document": [_("The document must be a JSON object.")]})
    if document.get("standard") != STANDARD or str(document.get("standard_version")) != "2.0":
        errors.add("standard", _("This is not an HTCDS 2.0 document."))
        errors.raise_if_any()
    persons = document.get("persons")
    if not isinstance(persons, list) or not persons:
        errors.add("persons", _("The document names no person."))
        errors.raise_if_any()
    primary, family = None, []
    for index, doc in enumerate(persons):
        fields, role, relation = _person_fields(doc, f"persons[{index}]", errors)
        if role == MemberRole.PRIMARY:
            if primary is not None:
                errors.add(
                    f"persons[{index}].role", _("Only one person can be the primary survivor.")
                )
            primary = fields
        else:
            family.append((fields, relation or "family"))
    if primary is None and not errors.errors:
        errors.add("persons", _("No person is marked as the primary survivor."))
    case_doc = document.get("case") or {}
    x = case_doc.get("x_rihai") or {}
    first = persons[0] if isinstance(persons[0], dict) else {}
    types = x.get("exploitation_types")
    if types is None:
        types = [
            t
            for t in (
                _pick(EXPLOITATION_FROM_HTCDS, v, "vic_TypeOfExploitation", errors)
                for v in first.get("vic_TypeOfExploitation") or []
            )
            if t
        ]
        if "RemoteInteractiveServices" in (first.get("vic_TypeOfSexExploitation") or []):
            types = [
                ExploitationType.ONLINE_SEXUAL if t == ExploitationType.SEXUAL else t for t in types
            ]
    means = x.get("means_of_control")
    if means is None:
        means = [
            m
            for m in (
                _pick(MEANS_FROM_HTCDS, v, "vic_MethodsOfControl", errors)
                for v in first.get("vic_MethodsOfControl") or []
            )
            if m
        ]
    relation = x.get("recruiter_relation") or _pick(
        RELATION_FROM_HTCDS,
        first.get("vic_RelationshipToTrafficker"),
        "vic_RelationshipToTrafficker",
        errors,
    )
    channels = first.get("vic_MethodOfRecruitment") or []
    channel = x.get("recruitment_channel") or (
        _pick(CHANNEL_FROM_HTCDS, channels[0], "vic_MethodOfRecruitment", errors)
        if channels
        else None
    )
    events = document.get("events") or []
    route = x.get("route")
    if route is None:
        route = [
            e.get("hte_Country")
            for e in events
            if e.get("hte_Type") == "Transit" and e.get("hte_Country")
        ]
    exploitation = next((e for e in events if e.get("hte_Type") == "Exploitation"), {})
    facts = {
        "means_of_control": list(dict.fromkeys(means)),
        "recruiter_relation": relation or RecruiterRelation.UNKNOWN,
        "recruitment_channel": channel or RecruitmentChannel.UNKNOWN,
        "destination_country": x.get("destination_country")
        or exploitation.get("hte_Country")
        or "PK",
        "route": route,
        "exploitation_start": x.get("exploitation_start") or exploitation.get("hte_Date") or None,
        "summary": x.get("summary") or "",
    }
    from rihai.geo.models import District, Province

    if x.get("province"):
        facts["province"] = Province.objects.filter(iso_code=x["province"]).first()
        if facts["province"] is None:
            errors.add("case.province", _("Unknown province."))
    if x.get("district"):
        facts["district"] = District.objects.filter(code=x["district"]).first()
        if facts["district"] is None:
            errors.add("case.district", _("Unknown district."))
    errors.raise_if_any()
    return {
        "primary": primary,
        "family": family,
        "facts": facts,
        "exploitation_types": list(dict.fromkeys(types)),
        "source": {
            "reference": str(x.get("reference") or "")[:40],
            "status": x.get("status") if x.get("status") in CaseStatus.values else "",
            "trafficking_status": str(first.get("vic_TraffickingStatus") or "")[:40],
            "agency": str(x.get("agency") or "")[:40],
        },
    }
