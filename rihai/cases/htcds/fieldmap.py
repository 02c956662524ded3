"""The field map between Rihai and HTCDS 2.0: mapped fields, Rihai-only extensions, fields
Rihai does not hold (with the reason) and the picklists of coded values."""

from ..choices import (
    ExploitationType,
    MeansOfControl,
    PersonSex,
    RecruiterRelation,
    RecruitmentChannel,
)

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
