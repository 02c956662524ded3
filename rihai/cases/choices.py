"""Coded values of case facts, mapped to HTCDS 2.0 where the standard has a field (see the htcds package)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANSGENDER = "transgender", _("Transgender (khawaja sira)")
    UNKNOWN = "unknown", _("Unknown")


class Language(models.TextChoices):
    """Languages a survivor speaks (registration): whom to send, which interpreter to call."""

    URDU = "ur", _("Urdu")
    PUNJABI = "pa", _("Punjabi")
    SINDHI = "sd", _("Sindhi")
    PASHTO = "ps", _("Pashto")
    BALOCHI = "bal", _("Balochi")
    SARAIKI = "skr", _("Saraiki")
    HINDKO = "hno", _("Hindko")
    BRAHUI = "brh", _("Brahui")
    KASHMIRI = "ks", _("Kashmiri")
    ENGLISH = "en", _("English")
    BENGALI = "bn", _("Bengali")
    DARI = "prs", _("Dari / Persian")
    ARABIC = "ar", _("Arabic")
    OTHER = "other", _("Another language")


class ParentageRelation(models.TextChoices):
    SON_OF = "s/o", _("S/o (son of)")
    DAUGHTER_OF = "d/o", _("D/o (daughter of)")
    WIFE_OF = "w/o", _("W/o (wife of)")


class CaseStatus(models.TextChoices):
    SCREENING = "screening", _("Referred in / screening")
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")
    NOT_VICTIM = "not-victim", _("Not a victim")
    ASSISTANCE = "assistance", _("Receiving assistance")
    CLOSED = "closed", _("Closed")


# The moves between these states, and which need a second person: workflow.py.


class ExploitationType(models.TextChoices):
    """HTCDS 2.0 type of exploitation, extended with forms common in Pakistan."""

    FORCED_LABOUR = "forced-labour", _("Forced labour")
    BONDED_LABOUR = "bonded-labour", _("Bonded labour / peshgi debt")
    SEXUAL = "sexual", _("Sexual exploitation")
    ONLINE_SEXUAL = "online-sexual", _("Online sexual exploitation")
    FORCED_BEGGING = "forced-begging", _("Forced begging")
    FORCED_MARRIAGE = "forced-marriage", _("Forced or child marriage")
    CHILD_DOMESTIC = "child-domestic", _("Child domestic work")
    DOMESTIC_SERVITUDE = "domestic-servitude", _("Domestic servitude")
    FORCED_CRIMINALITY = "forced-criminality", _("Forced criminality")
    ORGAN_REMOVAL = "organ-removal", _("Organ removal")
    CHILD_SOLDIER = "child-soldier", _("Forced military or armed group service")
    OTHER = "other", _("Other")


class MeansOfControl(models.TextChoices):
    DEBT = "debt", _("Debt bondage")
    DOCUMENTS = "documents", _("Documents taken")
    THREATS = "threats", _("Threats to victim or family")
    PHYSICAL_VIOLENCE = "physical-violence", _("Physical violence")
    SEXUAL_VIOLENCE = "sexual-violence", _("Sexual violence")
    RESTRICTED_MOVEMENT = "restricted-movement", _("Restricted movement or confinement")
    WITHHELD_WAGES = "withheld-wages", _("Wages withheld")
    PSYCHOLOGICAL = "psychological", _("Psychological abuse")
    SUBSTANCES = "substances", _("Drugs or alcohol")
    FALSE_PROMISES = "false-promises", _("False promises")
    ISOLATION = "isolation", _("Isolation")
    IMMIGRATION_THREAT = "immigration-threat", _("Threat of denunciation to authorities")


class RecruiterRelation(models.TextChoices):
    FAMILY = "family", _("Family member")
    PARTNER = "partner", _("Intimate partner or spouse")
    FRIEND = "friend", _("Friend or acquaintance")
    EMPLOYER = "employer", _("Employer")
    AGENT = "agent", _("Recruitment agent or sub-agent")
    STRANGER = "stranger", _("Stranger")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class RecruitmentChannel(models.TextChoices):
    SOCIAL_MEDIA = "social-media", _("Social media")
    JOB_AD = "job-ad", _("Job advertisement")
    MESSAGING = "messaging", _("WhatsApp or other messaging")
    PERSONAL = "personal", _("Personal contact")
    AGENCY = "agency", _("Recruitment agency")
    ABDUCTION = "abduction", _("Abduction")
    MARRIAGE = "marriage", _("Marriage offer")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class MemberRole(models.TextChoices):
    PRIMARY = "primary", _("Primary survivor")
    FAMILY = "family", _("Family member")


class ConsentPurpose(models.TextChoices):
    REFERRAL = "referral", _("Referral for services")
    SHELTER = "shelter", _("Shelter placement")
    INVESTIGATION = "investigation", _("Sharing with investigators")
    LEGAL_AID = "legal-aid", _("Legal aid")
    MEDICAL = "medical", _("Medical care")
    RETURN = "return", _("Return and reintegration")
    RESEARCH = "research", _("Anonymised statistics")


class RestrictionReason(models.TextChoices):
    """Why a case is limited to named users (and the agency's supervisors)."""

    HIGH_RISK = "high-risk", _("High-risk survivor")
    CHILD = "child", _("A child")
    WITNESS = "witness", _("Witness under protection")


class Jurisdiction(models.TextChoices):
    FIA = "fia", _("FIA (cross-border)")
    POLICE = "police", _("Provincial police (domestic)")
    LABOUR = "labour", _("Labour department (bonded labour)")
    CHILD_PROTECTION = "child-protection", _("Child protection unit (child)")
