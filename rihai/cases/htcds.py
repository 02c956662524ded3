"""A case as an HTCDS 2.0 JSON document, and back.

HTCDS 2.0 (Human Trafficking Case Data Standard by IOM, CC BY 4.0; the field list is in
``data/htcds/``, see ``SOURCES.txt`` there) names fields by table prefix: ``prs_`` person, ``vic_``
victim context, ``cas_`` case, ``hte_`` historic trafficking event, ``con_`` consent. The standard
has no JSON layout of its own, so the document is Rihai's (``format`` 1)::

    {"standard": "HTCDS", "standard_version": "2.0", "format": 1, "generator": "rihai",
     "case":    {cas_* fields, "x_rihai": {...}},
     "persons": [{prs_*, vic_*, con_* fields, "x_rihai": {...}}, ...],   # primary first
     "events":  [{hte_Type, hte_Country, hte_Date}, ...]}

**Mapped fields** (Rihai → HTCDS) are declared in ``CASE_FIELDS``, ``PERSON_FIELDS`` and
``EVENT_FIELDS``; an export holds no key that these and the ``x_rihai`` declarations do not
name (a test checks it), and every HTCDS name used is the standard's (a test reads the CSV).

**Rihai-only extensions** travel in ``x_rihai`` blocks (``CASE_EXTENSIONS``,
``PERSON_EXTENSIONS``): the exact values where the standard says less (bonded labour and
forced labour are both ``ForcedLabour``; CNIC, B-Form and passport share one
``prs_IdentityNumber``; Urdu-script names, parentage, guardian, disability, district and
province codes, the case reference, status, summary and dates). Import reads ``x_rihai`` first
and falls back to the standard fields, so a document from another HTCDS system imports too.

**Unmapped HTCDS fields** are listed with the reason in ``UNMAPPED``: organisation records,
perpetrators, referrals, case comments, support plans, event addresses and geolocation, and
person fields Rihai does not hold (e-mail, education, marital status...). An import accepts and
ignores them; any other key is refused, so a misspelt field is not silently dropped.

Export (``export_case``) gives decrypted personal data: the caller decides who may export and
writes the audit row (``actions.do_export_htcds_case`` does both). Import (``htcds_import.import_case``)
checks the document against ``HTCDS_JSON_SCHEMA`` and then Rihai's own rules (dates, CNIC,
districts...) before anything is written, reporting every problem by its path in the document
(``persons[0].prs_Birthdate``), and creates the persons and the case through the ordinary
actions in one transaction. ``to_htcds`` and ``from_htcds`` are the pure mapping underneath.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from .choices import (
    CaseStatus,
    ExploitationType,
    MeansOfControl,
    MemberRole,
    ParentageRelation,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)
from .validators import NO_NUL

STANDARD = "HTCDS"
STANDARD_VERSION = "2.0"
FORMAT = 1  # the layout of Rihai's document around the standard fields

# ---------------------------------------------------------------- field map (Rihai → HTCDS)
# Each declared key of the document, with the Rihai field it comes from (docs/htcds.md).

ENVELOPE_FIELDS = {
    "standard": "always “HTCDS”",
    "standard_version": "always “2.0”",
    "format": "version of this document layout (1)",
    "generator": "the exporting system (“rihai”)",
    "case": "the case block",
    "persons": "the primary survivor first, then family members",
    "events": "historic trafficking events",
}
CASE_FIELDS = {
    "cas_Status": "Case.status: Closed when closed, else Active",
    "cas_ReasonForCaseClosure": "Case.status_reason when closed",
}
PERSON_FIELDS = {
    "prs_FirstName": "Person.name_roman up to the last space",
    "prs_SecondName": "Person.name_roman after the last space",
    "prs_Birthdate": "Person.date_of_birth",
    "prs_Gender": "Person.sex",
    "prs_Citizenship": "Person.nationality (ISO 3166-1 alpha-2)",
    "prs_IdentityNumber": "Person.cnic, else bform, else passport",
    "prs_MobilePhone": "Person.phone (E.164)",
    "prs_MailingStreet": "Person.address",
    "prs_MailingCity": "Person.district (English name)",
    "prs_MailingState": "Person.province (English name)",
    "prs_MailingCountry": "“PK” when a province is known",
    "prs_PrimaryLanguage": "Person.languages[0]",
    "prs_SecondaryLanguage": "Person.languages[1]",
    "vic_TraffickingStatus": "Case.status (screening/presumed: possible; identified/assistance: actual)",
    "vic_TraffickingStatusDecisionMakingOrg": "Case.agency.agency_type",
    "vic_RelationshipToTrafficker": "Case.recruiter_relation",
    "vic_MethodOfRecruitment": "Case.recruitment_channel",
    "vic_RecruitmentWebsitesAndApps": "WhatsApp when the channel is messaging",
    "vic_MethodsOfControl": "Case.means_of_control",
    "vic_TypeOfExploitation": "CaseExploitation.exploitation_type",
    "vic_TypeOfSexExploitation": "RemoteInteractiveServices for online sexual exploitation",
    "vic_AgeWhenTrafficked": "the person's age on Case.exploitation_start",
    "con_Consent": "a Consent in force for this person in this case",
}
EVENT_FIELDS = {
    "hte_Type": "Recruitment (Pakistan), Transit (each Case.route country), Exploitation",
    "hte_Country": "ISO 3166-1 alpha-2; Case.destination_country for the exploitation",
    "hte_Date": "Case.exploitation_start, on the exploitation event",
}
CASE_EXTENSIONS = {
    "reference": "Case.reference at the exporting agency",
    "agency": "Agency.code of the exporting agency",
    "status": "Case.status",
    "exploitation_types": "CaseExploitation.exploitation_type, exact",
    "means_of_control": "Case.means_of_control, exact",
    "recruiter_relation": "Case.recruiter_relation, exact",
    "recruitment_channel": "Case.recruitment_channel, exact",
    "destination_country": "Case.destination_country",
    "route": "Case.route",
    "is_transnational": "Case.is_transnational",
    "exploitation_start": "Case.exploitation_start",
    "province": "Case.province (ISO 3166-2 code)",
    "district": "Case.district (gazetteer code)",
    "summary": "Case.summary",
    "opened_on": "Case.created_on (date)",
    "identified_on": "Case.identified_on",
    "closed_on": "Case.closed_on",
}
PERSON_EXTENSIONS = {
    "role": "CaseMember.role",
    "relation_to_primary": "CaseMember.relation_to_primary",
    "name_ur": "Person.name_ur",
    "name_roman": "Person.name_roman, whole",
    "parentage_relation": "Person.parentage_relation",
    "parentage_name": "Person.parentage_name",
    "sex": "Person.sex, exact",
    "estimated_age": "Person.estimated_age",
    "cnic": "Person.cnic",
    "bform": "Person.bform",
    "passport": "Person.passport",
    "phone": "Person.phone as entered",
    "province": "Person.province (ISO 3166-2 code)",
    "district": "Person.district (gazetteer code)",
    "languages": "Person.languages, all",
    "has_disability": "Person.has_disability",
    "disability_notes": "Person.disability_notes",
    "guardian_name": "Person.guardian_name",
    "guardian_relation": "Person.guardian_relation",
    "guardian_phone": "Person.guardian_phone",
}
_NOT_HELD = "Rihai does not record this."
UNMAPPED = {
    **{
        f"org_{name}": "Organisations are Rihai agencies; the exporting agency is case.x_rihai.agency."
        for name in (
            "Name",
            "ShippingCity",
            "ShippingCountry",
            "ShippingState",
            "ShippingStreet",
            "ShippingPostalCode",
            "ShippingLongitude",
            "ShippingLatitude",
            "Phone",
            "Type",
        )
    },
    "prs_Salutation": _NOT_HELD,
    "prs_MiddleName": "Names are kept whole (x_rihai.name_roman); the split is first/second only.",
    "prs_Deceased": _NOT_HELD,
    "prs_MaritalStatus": "Parentage (S/o, D/o, W/o) is in x_rihai instead.",
    "prs_NumberOfChildren": "Children are family members of the case, not a count.",
    "prs_HighestLevelOfEducation": _NOT_HELD,
    "prs_Title": "Position in an organisation: not relevant to a survivor record.",
    "prs_Email": _NOT_HELD,
    "prs_HomePhone": "One phone only (prs_MobilePhone).",
    "prs_MailingPostalCode": _NOT_HELD,
    "prs_MailingLongitude": _NOT_HELD,
    "prs_MailingLatitude": _NOT_HELD,
    "vic_AgreementToManagePersonalData": "Consent is per recipient and purpose; see con_Consent.",
    "vic_LocationOfRecruitment": "A lookup to an organisation record; the events carry countries.",
    "vic_ForcedLabourIndustry": "No industry field yet (brick kilns, agriculture...).",
    "vic_LocationOfExploitation": "A lookup to an organisation record; the events carry countries.",
    "vic_ExploitationWebsitesAndApps": _NOT_HELD,
    "vic_Vulnerabilities": "Deprecated in HTCDS 2.0; Rihai's screening assessment covers it.",
    "vic_DetailsOfVulnerabilities": "Deprecated in HTCDS 2.0; Rihai's screening assessment covers it.",
    "per_RoleInProcess": "Perpetrators are not part of a case record.",
    "per_RoleDetails": "Perpetrators are not part of a case record.",
    "cas_CaseOwner": "A user of the exporting system; means nothing to the receiver.",
    **{
        f"cas_{name}": "Referrals between agencies are not part of this export."
        for name in (
            "ReferringOrganisation",
            "IncomingReferralDate",
            "ReferringPrimaryCaseWorker",
            "ReasonForIncomingReferral",
            "IncomingReferralDetails",
            "ReferredOrganisation",
            "ReferredPrimaryCaseWorker",
            "ReasonForOutgoingReferral",
            "OutgoingReferralDate",
            "OutgoingReferralDetails",
        )
    },
    "cco_CaseComment": "Case notes stay with the agency that wrote them.",
    **{
        f"hte_{name}": "Events are recorded by country only."
        for name in ("Longitude", "Latitude", "City", "State", "Street", "PostalCode")
    },
    "hte_Description": "The case summary is in case.x_rihai.summary.",
    **{
        f"spl_{name}": "Support plans are not in Rihai yet."
        for name in ("Objectives", "ActionPlan", "PlannedEndDate", "ActualEndDate", "Type")
    },
}

# Picklist values of the standard, as in the field list (data/htcds/, checked by a test).
PICKLISTS = {
    "prs_Gender": [
        "Feminine",
        "Masculine",
        "TransgenderFeminine",
        "TransgenderMasculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    ],
    "vic_TraffickingStatus": [
        "PossibleVictimOfTrafficking",
        "ActualVictimOfTrafficking",
        "NotAVictimOfTrafficking",
    ],
    "vic_TraffickingStatusDecisionMakingOrg": [
        "Police",
        "NGO",
        "CourtOrProsecution",
        "NonPoliceGovernmentalOrganization",
        "Other",
    ],
    "vic_RelationshipToTrafficker": ["Familial", "Acquainted", "Unaquainted"],
    "vic_RecruitmentWebsitesAndApps": [
        "Facebook",
        "Instagram",
        "WhatsApp",
        "Telegram",
        "FacebookMessenger",
        "Viber",
        "SnapChat",
        "Line",
        "4Sale",
        "WeChat",
        "QQ",
        "QZone",
        "TikTok",
        "Twitter",
        "Other",
    ],
    "vic_MethodOfRecruitment": [
        "AtAPlaceOfBusiness",
        "AtAnEducationalInstitution",
        "AtWork",
        "ThroughOnlineSocialNetworks",
        "ThroughAnOnlineAdvertisement",
        "ThroughATelevisionAdvert",
        "ThroughANewspaperAdvert",
        "ThroughFamilyOrFamilyEvents",
        "ThroughFriendsOrSocialEvents",
        "Other",
    ],
    "vic_MethodsOfControl": [
        "PhysicalThreats",
        "ThreatsLawEnforcement",
        "ThreatensChildrenFamily",
        "DebtBondage",
        "FalsePromises",
        "PhysicalAbuse",
        "SexualAbuse",
        "TakesEarnings",
        "RestrictsFinancialAccess",
        "RestrictsMedicalCare",
        "WithholdsNecessities",
        "PsychologicalAbuse",
        "PsychoactiveSubstance",
        "ExcessiveWorkingHours",
        "WithholdsDocuments",
        "Other",
    ],
    "vic_TypeOfExploitation": [
        "ForcedLabour",
        "SexualExploitation",
        "ChildLabour",
        "ForcedMarriage",
        "Servitude",
        "ForcedMilitaryByNonStateActors",
        "OrganRemoval",
        "ForcedBegging",
        "ForcedAdoption",
        "Surrogacy",
        "Other",
    ],
    "vic_TypeOfSexExploitation": [
        "Prostitution",
        "Pornography",
        "RemoteInteractiveServices",
        "PrivateSexualServices",
    ],
    "cas_Status": ["Active", "FollowUp", "Closed", "ClosedReferred"],
    "hte_Type": ["Recruitment", "Transit", "Exploitation"],
}

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


# ---------------------------------------------------------------- JSON Schema (used by import)

_COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$"}
_DATE = {"type": ["string", "null"], "format": "date"}  # "" counts as no date
_IDENTITY_13 = {"type": "string", "pattern": r"^(\d{5}-?\d{7}-?\d)?$"}
_SUBDIVISION = {"type": ["string", "null"], "pattern": "^[A-Z]{2}-[A-Z0-9]{1,3}$"}
_DISTRICT = {"type": ["string", "null"], "pattern": "^[A-Z0-9]{1,8}$"}


def _text(max_length: int | None = None, *, nullable: bool = True) -> dict:
    schema = {"type": ["string", "null"] if nullable else "string"}
    if max_length:
        schema["maxLength"] = max_length
    return schema


def _one_of(values, *, nullable: bool = True) -> dict:
    return {"enum": [*values, None] if nullable else list(values)}


def _many_of(values) -> dict:
    return {"type": "array", "items": {"enum": list(values)}, "uniqueItems": True}


def _accepted_and_ignored(*prefixes: str) -> dict:
    return {name: {} for name in UNMAPPED if name.startswith(prefixes)}


_PERSON_EXTENSION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "role": _one_of(MemberRole.values),
        "relation_to_primary": _text(40),
        "name_ur": _text(120),
        "name_roman": _text(120),
        "parentage_relation": _one_of([*ParentageRelation.values, ""]),
        "parentage_name": _text(120),
        "sex": _one_of(PersonSex.values),
        "estimated_age": {"type": ["integer", "null"], "minimum": 0, "maximum": 120},
        "cnic": _IDENTITY_13,
        "bform": _IDENTITY_13,
        "passport": _text(20, nullable=False),
        "phone": _text(30, nullable=False),
        "province": _SUBDIVISION,
        "district": _DISTRICT,
        "languages": {"type": "array", "items": _text(8, nullable=False), "maxItems": 10},
        "has_disability": {"type": "boolean"},
        "disability_notes": _text(),
        "guardian_name": _text(120),
        "guardian_relation": _text(40),
        "guardian_phone": _text(30, nullable=False),
    },
}
_CASE_EXTENSION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "reference": _text(40),
        "agency": _text(40),
        "status": _one_of(CaseStatus.values),
        "exploitation_types": _many_of(ExploitationType.values),
        "means_of_control": _many_of(MeansOfControl.values),
        "recruiter_relation": _one_of(RecruiterRelation.values),
        "recruitment_channel": _one_of(RecruitmentChannel.values),
        "destination_country": _COUNTRY,
        "route": {"type": "array", "items": _COUNTRY, "maxItems": 20},
        "is_transnational": {"type": "boolean"},
        "exploitation_start": _DATE,
        "province": _SUBDIVISION,
        "district": _DISTRICT,
        "summary": _text(),
        "opened_on": _DATE,
        "identified_on": _DATE,
        "closed_on": _DATE,
    },
}
_PERSON_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "prs_FirstName": _text(120),
        "prs_SecondName": _text(120),
        "prs_Birthdate": _DATE,
        "prs_Gender": _one_of(PICKLISTS["prs_Gender"]),
        "prs_Citizenship": {"type": "array", "items": _COUNTRY, "maxItems": 5},
        "prs_IdentityNumber": _text(20),
        "prs_MobilePhone": _text(30),
        "prs_MailingStreet": _text(),
        "prs_MailingCity": _text(80),
        "prs_MailingState": _text(80),
        "prs_MailingCountry": {"type": ["string", "null"], "pattern": "^([A-Z]{2})?$"},
        "prs_PrimaryLanguage": _text(8),
        "prs_SecondaryLanguage": _text(8),
        "vic_TraffickingStatus": _one_of(PICKLISTS["vic_TraffickingStatus"]),
        "vic_TraffickingStatusDecisionMakingOrg": _one_of(
            PICKLISTS["vic_TraffickingStatusDecisionMakingOrg"]
        ),
        # "Unacquainted" too: the standard's list spells it "Unaquainted".
        "vic_RelationshipToTrafficker": _one_of(
            [*PICKLISTS["vic_RelationshipToTrafficker"], "Unacquainted"]
        ),
        "vic_MethodOfRecruitment": _many_of(PICKLISTS["vic_MethodOfRecruitment"]),
        "vic_RecruitmentWebsitesAndApps": _many_of(PICKLISTS["vic_RecruitmentWebsitesAndApps"]),
        "vic_MethodsOfControl": _many_of(PICKLISTS["vic_MethodsOfControl"]),
        "vic_TypeOfExploitation": _many_of(PICKLISTS["vic_TypeOfExploitation"]),
        "vic_TypeOfSexExploitation": _many_of(PICKLISTS["vic_TypeOfSexExploitation"]),
        "vic_AgeWhenTrafficked": {"type": ["integer", "null"], "minimum": 0, "maximum": 120},
        "con_Consent": {"type": ["boolean", "null"]},
        "x_rihai": _PERSON_EXTENSION_SCHEMA,
        **_accepted_and_ignored("prs_", "vic_", "per_", "con_"),
    },
}
_EVENT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["hte_Type"],
    "properties": {
        "hte_Type": _one_of(PICKLISTS["hte_Type"], nullable=False),
        "hte_Country": _COUNTRY,
        "hte_Date": _DATE,
        **_accepted_and_ignored("hte_"),
    },
}
HTCDS_JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://rihai.org/schemas/htcds-2.0-case-format-1.json",
    "title": "A case as an HTCDS 2.0 document (Rihai format 1)",
    "type": "object",
    "required": ["standard", "standard_version", "persons"],
    "properties": {
        "standard": {"const": STANDARD},
        "standard_version": {"const": STANDARD_VERSION},
        "format": {"type": "integer", "minimum": 1},
        "generator": _text(40),
        "case": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "cas_Status": _one_of(PICKLISTS["cas_Status"]),
                "cas_ReasonForCaseClosure": _text(),
                "x_rihai": _CASE_EXTENSION_SCHEMA,
                **_accepted_and_ignored("cas_", "cco_", "spl_"),
            },
        },
        "persons": {"type": "array", "items": _PERSON_SCHEMA, "minItems": 1, "maxItems": 30},
        "events": {"type": "array", "items": _EVENT_SCHEMA, "maxItems": 30},
        # Organisation records and other systems' metadata at the top level are ignored.
    },
}


def _schema_validator():
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _is_date(value) -> bool:
        from datetime import date

        if not isinstance(value, str) or value == "":
            return True
        return len(value) == 10 and bool(date.fromisoformat(value))

    return Draft202012Validator(HTCDS_JSON_SCHEMA, format_checker=checker)


def _json_path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "document"


_TYPE_NAMES = {
    "object": lambda: _("an object"),
    "array": lambda: _("a list"),
    "string": lambda: _("text"),
    "integer": lambda: _("a whole number"),
    "number": lambda: _("a number"),
    "boolean": lambda: _("true or false"),
}


def _nul_errors(document, errors: "_Errors") -> None:
    """A NUL character in any text or key is an error at its path: no field holds one, and
    PostgreSQL refuses it in text and JSON columns (the import was a server error)."""
    stack = [((), document)]
    while stack:
        parts, item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            errors.add(_json_path(parts), NO_NUL)
        elif isinstance(item, dict):
            for key, child in item.items():
                if "\x00" in key:
                    errors.add(_json_path([*parts, key]), NO_NUL)
                stack.append(((*parts, key), child))
        elif isinstance(item, list):
            stack.extend(((*parts, i), child) for i, child in enumerate(item))


def _schema_errors(document, errors: "_Errors") -> None:
    """Adds one message per problem the schema finds, keyed by its path in the document."""
    for error in sorted(_schema_validator().iter_errors(document), key=lambda e: e.json_path):
        path = _json_path(error.absolute_path)
        keyword, expected, value = error.validator, error.validator_value, error.instance
        if keyword == "required":
            for name in expected:
                if name not in value:
                    errors.add(
                        _json_path([*error.absolute_path, name]), _("This field is required.")
                    )
        elif keyword == "additionalProperties":
            known = error.schema.get("properties", {})
            for name in value:
                if name not in known:
                    errors.add(_json_path([*error.absolute_path, name]), _("Unknown field."))
        elif keyword == "const" and path in ("standard", "standard_version"):
            errors.add(path, _("This is not an HTCDS 2.0 document."))
        elif keyword in ("enum", "const"):
            errors.add(path, _("Unknown value “%(value)s”.") % {"value": str(value)[:40]})
        elif keyword == "type":
            kinds = [expected] if isinstance(expected, str) else expected
            kind = next((k for k in kinds if k != "null"), "string")
            errors.add(path, _("Expected %(kind)s.") % {"kind": _TYPE_NAMES[kind]()})
        elif keyword == "format":
            errors.add(path, _("Enter a real date as YYYY-MM-DD."))
        elif keyword == "pattern" and expected == _COUNTRY["pattern"]:
            errors.add(path, _("Use a two-letter country code (ISO 3166-1), e.g. AE."))
        elif keyword == "pattern" and expected == _IDENTITY_13["pattern"]:
            errors.add(path, _("Enter a 13-digit number in the form 12345-1234567-1."))
        elif keyword == "pattern":
            errors.add(path, _("This is not in the expected form."))
        elif keyword == "maxLength":
            errors.add(path, _("At most %(n)d characters.") % {"n": expected})
        elif keyword == "minItems":
            errors.add(path, _("The document names no person."))
        elif keyword == "maxItems":
            errors.add(path, _("At most %(n)d items.") % {"n": expected})
        elif keyword == "uniqueItems":
            errors.add(path, _("A value is listed twice."))
        elif keyword in ("minimum", "maximum"):
            errors.add(path, _("Out of range."))
        else:  # a keyword added to the schema without a message here
            errors.add(path, _("This value is not valid."))


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
    from django.db.models import Prefetch

    from .consent_gate import PURPOSE_FIELDS
    from .models import Case, CaseMember

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


# ---------------------------------------------------------------- import


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(str(message))

    def add_model_errors(self, exc: ValidationError, path: str, sources: dict[str, str]) -> None:
        """Model validation errors, each under the document path its field was read from
        (``sources``: field name -> path; ``path`` for the rest)."""
        for name, messages in exc.message_dict.items():
            key = path if name == NON_FIELD_ERRORS else sources.get(name, f"{path}.{name}")
            for message in messages:
                self.add(key, message)

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
            errors.add(f"{path}.x_rihai.province", _("Unknown province."))
    elif doc.get("prs_MailingState"):
        province = Province.objects.filter(name_en__iexact=doc["prs_MailingState"]).first()
    if province:
        out["province"] = province
    district = None
    if x.get("district"):
        district = District.objects.filter(code=x["district"]).first()
        if district is None:
            errors.add(f"{path}.x_rihai.district", _("Unknown district."))
    elif doc.get("prs_MailingCity") and province:
        district = District.objects.filter(
            province=province, name_en__iexact=doc["prs_MailingCity"]
        ).first()
    if district:
        out["district"] = district
    return out


def _person_fields(doc: dict, index: int, errors: _Errors) -> tuple[dict, str, str]:
    """Rihai's person fields from one ``persons[index]`` entry, checked by the model's rules."""
    from .models import Person

    path = f"persons[{index}]"
    x = doc.get("x_rihai") or {}
    name_roman = x.get("name_roman")
    if name_roman is None:
        name_roman = " ".join(p for p in (doc.get("prs_FirstName"), doc.get("prs_SecondName")) if p)
    sex = x.get("sex") or SEX_FROM_HTCDS.get(doc.get("prs_Gender"))
    citizenship = doc.get("prs_Citizenship") or []
    identity = doc.get("prs_IdentityNumber") or ""
    std_languages = [
        lang for lang in (doc.get("prs_PrimaryLanguage"), doc.get("prs_SecondaryLanguage")) if lang
    ]
    fields = {
        "name_roman": name_roman or "",
        "name_ur": x.get("name_ur") or "",
        "parentage_relation": x.get("parentage_relation") or "",
        "parentage_name": x.get("parentage_name") or "",
        "sex": sex or PersonSex.UNKNOWN,
        "date_of_birth": doc.get("prs_Birthdate") or "",
        "estimated_age": x.get("estimated_age"),
        "nationality": citizenship[0] if citizenship else "PK",
        "cnic": x.get("cnic", identity if _looks_like_cnic(identity) else ""),
        "bform": x.get("bform") or "",
        "passport": x.get(
            "passport", identity if identity and not _looks_like_cnic(identity) else ""
        ),
        "phone": x.get("phone") or doc.get("prs_MobilePhone") or "",
        "address": doc.get("prs_MailingStreet") or "",
        "languages": x.get("languages") or std_languages,
        "has_disability": bool(x.get("has_disability", False)),
        "disability_notes": x.get("disability_notes") or "",
        "guardian_name": x.get("guardian_name") or "",
        "guardian_relation": x.get("guardian_relation") or "",
        "guardian_phone": x.get("guardian_phone") or "",
        **_geo(x, doc, path, errors),
    }
    # Where each field was read from, so an error names the place to correct.
    sources = {name: f"x_rihai.{name}" for name in PERSON_EXTENSIONS}
    sources.update(
        date_of_birth="prs_Birthdate",
        nationality="prs_Citizenship",
        address="prs_MailingStreet",
    )
    for name, standard, used_extension in (
        ("name_roman", "prs_FirstName", "name_roman" in x),
        ("sex", "prs_Gender", bool(x.get("sex"))),
        ("cnic", "prs_IdentityNumber", "cnic" in x),
        ("passport", "prs_IdentityNumber", "passport" in x),
        ("phone", "prs_MobilePhone", bool(x.get("phone"))),
        ("province", "prs_MailingState", bool(x.get("province"))),
        ("district", "prs_MailingCity", bool(x.get("district"))),
        ("languages", "prs_PrimaryLanguage", bool(x.get("languages"))),
    ):
        if not used_extension:
            sources[name] = standard
    try:
        Person(**fields).full_clean(exclude=["agency", "created_by"])
    except ValidationError as exc:
        errors.add_model_errors(exc, path, {k: f"{path}.{v}" for k, v in sources.items()})
    role = x.get("role") or (MemberRole.PRIMARY if index == 0 else MemberRole.FAMILY)
    return fields, role, (x.get("relation_to_primary") or "")[:40]


def _looks_like_cnic(value: str) -> bool:
    from .validators import digits_only

    return len(digits_only(value)) == 13 and not any(ch.isalpha() for ch in value)


def _case_facts(document: dict, first: dict, first_path: str, errors: _Errors) -> tuple:
    """Case facts and exploitation types, from ``case.x_rihai`` or else the standard fields."""
    from rihai.geo.models import District, Province

    from .models import Case

    x = (document.get("case") or {}).get("x_rihai") or {}
    sources = {name: f"case.x_rihai.{name}" for name in CASE_EXTENSIONS}
    types = x.get("exploitation_types")
    if types is None:
        types = [
            t
            for t in (
                _pick(EXPLOITATION_FROM_HTCDS, v, f"{first_path}.vic_TypeOfExploitation", errors)
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
        sources["means_of_control"] = f"{first_path}.vic_MethodsOfControl"
        means = [
            m for m in (MEANS_FROM_HTCDS[v] for v in first.get("vic_MethodsOfControl") or []) if m
        ]
    relation = x.get("recruiter_relation") or RELATION_FROM_HTCDS.get(
        first.get("vic_RelationshipToTrafficker")
    )
    channels = first.get("vic_MethodOfRecruitment") or []
    channel = x.get("recruitment_channel") or (
        CHANNEL_FROM_HTCDS[channels[0]] if channels else None
    )
    events = document.get("events") or []
    route = x.get("route")
    if route is None:
        sources["route"] = "events"
        route = [
            e["hte_Country"] for e in events if e["hte_Type"] == "Transit" and e.get("hte_Country")
        ]
    exploitation_at = next(
        (i for i, e in enumerate(events) if e["hte_Type"] == "Exploitation"), None
    )
    exploitation = events[exploitation_at] if exploitation_at is not None else {}
    if not x.get("destination_country"):
        sources["destination_country"] = f"events[{exploitation_at}].hte_Country"
    if not x.get("exploitation_start"):
        sources["exploitation_start"] = f"events[{exploitation_at}].hte_Date"
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
    if x.get("province"):
        province = Province.objects.filter(iso_code=x["province"]).first()
        if province is None:
            errors.add("case.x_rihai.province", _("Unknown province."))
        else:
            facts["province"] = province
    if x.get("district"):
        district = District.objects.filter(code=x["district"]).first()
        if district is None:
            errors.add("case.x_rihai.district", _("Unknown district."))
        else:
            facts["district"] = district
    try:
        Case(**facts).full_clean(exclude=["agency", "created_by", "reference", "assigned_to"])
    except ValidationError as exc:
        errors.add_model_errors(exc, "case", sources)
    return facts, list(dict.fromkeys(types)), x


def from_htcds(document) -> dict:
    """Rihai's fields from an HTCDS document; ValidationError with a path for every problem.

    First the shape and coded values (``HTCDS_JSON_SCHEMA``); if those are right, Rihai's own
    rules (real and plausible dates, CNIC and phone formats, known districts, a district in its
    province...). Nothing is written. Returns ``{"primary": fields, "family": [(fields,
    relation)], "facts": {...}, "exploitation_types": [...], "source": {...}}``.
    """
    errors = _Errors()
    if not isinstance(document, dict):
        raise ValidationError({"document": [_("The document must be a JSON object.")]})
    _nul_errors(document, errors)
    _schema_errors(document, errors)
    errors.raise_if_any()  # the checks below rely on the shape
    persons = document["persons"]
    primary, primary_index, family = None, 0, []
    for index, doc in enumerate(persons):
        fields, role, relation = _person_fields(doc, index, errors)
        if role == MemberRole.PRIMARY:
            if primary is not None:
                errors.add(
                    f"persons[{index}].x_rihai.role",
                    _("Only one person can be the primary survivor."),
                )
            primary, primary_index = fields, index
        else:
            family.append((fields, relation or "family"))
    if primary is None:
        errors.add("persons", _("No person is marked as the primary survivor."))
    first = persons[primary_index]
    facts, types, x = _case_facts(document, first, f"persons[{primary_index}]", errors)
    errors.raise_if_any()
    return {
        "primary": primary,
        "family": family,
        "facts": facts,
        "exploitation_types": types,
        "source": {
            "reference": str(x.get("reference") or "")[:40],
            "status": x.get("status") or "",
            "trafficking_status": str(first.get("vic_TraffickingStatus") or "")[:40],
            "agency": str(x.get("agency") or "")[:40],
        },
    }
