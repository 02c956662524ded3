"""A case as an HTCDS document: the pure mapping (``to_htcds``) and the export limited to a
purpose (``export_case``)."""

from django.db.models import Prefetch

from rihai.core.validators import normalise_phone

from ..choices import (
    CaseStatus,
    ExploitationType,
    RecruitmentChannel,
)
from ..consent_gate import PURPOSE_FIELDS
from ..models import Case, CaseMember
from .fieldmap import (
    CHANNEL_TO_HTCDS,
    DECISION_ORG,
    EXPLOITATION_TO_HTCDS,
    FORMAT,
    MEANS_TO_HTCDS,
    RELATION_TO_HTCDS,
    SEX_TO_HTCDS,
    STANDARD,
    STANDARD_VERSION,
)


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


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _e164(phone: str) -> str:

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
                "opened_on": case.created_on.date().isoformat() if case.created_on else None,
                "identified_on": _iso(case.identified_on),
                "closed_on": _iso(case.closed_on),
            },
        },
        "persons": persons,
        "events": events,
    }


# What each field group of consent_gate.PURPOSE_FIELDS names in the document: keys of a
# person (standard and x_rihai) and of the case's x_rihai block. A group the purpose does not
# carry is blanked ("" or null), so the document keeps its shape for the receiver's parser.
PURPOSE_GROUPS = {
    "name": (("prs_FirstName", "prs_SecondName"), ("name_ur", "name_roman"), ()),
    "parentage": ((), ("parentage_relation", "parentage_name"), ()),
    "birth_date": (("prs_Birthdate",), (), ()),
    "identity": (("prs_IdentityNumber",), ("cnic", "bform", "passport"), ()),
    "phone": (("prs_MobilePhone",), ("phone",), ()),
    "address": (("prs_MailingStreet",), (), ()),
    "guardian": ((), ("guardian_name", "guardian_relation", "guardian_phone"), ()),
    "health": ((), ("disability_notes",), ()),
    "family": ((), ("relation_to_primary",), ()),
    "narrative": ((), (), ("summary",)),
    "reference": ((), (), ("reference",)),
}
_NULL_WHEN_BLANKED = {"prs_Birthdate"}


def _blank(key):
    return None if key in _NULL_WHEN_BLANKED else ""


def limit_to_purpose(document: dict, groups: frozenset[str]) -> dict:
    """Blanks every field group ``groups`` does not name (consent_gate.PURPOSE_FIELDS)."""
    for group, (standard, extension, case_keys) in PURPOSE_GROUPS.items():
        if group in groups:
            continue
        for person in document["persons"]:
            for key in standard:
                person[key] = _blank(key)
            for key in extension:
                person["x_rihai"][key] = _blank(key)
        for key in case_keys:
            document["case"]["x_rihai"][key] = ""
    if "narrative" not in groups:
        document["case"]["cas_ReasonForCaseClosure"] = ""
    return document


def export_case(case, *, purpose: str, bases: dict) -> dict:
    """The case as an HTCDS 2.0 document for ``purpose``, with decrypted personal data where
    the purpose needs it and nothing else.

    ``bases`` maps each person's id to the ``consent_gate.DisclosureBasis`` it passed with;
    ``con_Consent`` is true only for a person whose basis is their own consent to this
    recipient and purpose. Reads the case again with what the document needs (members in the
    order they joined, so the primary survivor comes first). Call it through
    ``actions.do_export_htcds_case``, which passes every person through the consent gate and
    writes the audit rows.
    """

    members = CaseMember.objects.select_related(
        "person", "person__province", "person__district"
    ).order_by("id")
    case = (
        Case.objects.select_related("agency", "province", "district")
        .prefetch_related(Prefetch("members", queryset=members), "exploitations")
        .get(pk=case.pk)
    )
    consented = {pid for pid, basis in bases.items() if basis.kind == "consent"}
    document = to_htcds(case, consented_person_ids=consented)
    return limit_to_purpose(document, PURPOSE_FIELDS[purpose])
