"""Coded values of the referral mechanism: needs, kinds of provider, beds, referral states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    """A need a survivor is referred for; providers list the ones they meet."""

    SHELTER = "shelter", _("Shelter")
    CHILD_PROTECTION = "child-protection", _("Child protection and care")
    LEGAL_AID = "legal-aid", _("Legal aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial care")
    MEDICAL = "medical", _("Medical care")
    VOCATIONAL = "vocational", _("Vocational training")
    RETURN = "return", _("Return and repatriation")
    LIVELIHOOD = "livelihood", _("Employment and livelihood")
    FAMILY_TRACING = "family-tracing", _("Family tracing and reunification")


class ProviderKind(models.TextChoices):
    DAR_UL_AMAN = "dar-ul-aman", _("Dar-ul-Aman (government women's shelter)")
    WOMENS_SHELTER = "womens-shelter", _("Women's shelter")
    CRISIS_CENTRE = "crisis-centre", _("Crisis centre")
    CHILD_PROTECTION = "child-protection", _("Child protection institution")
    LEGAL_AID = "legal-aid", _("Legal aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial care")
    MEDICAL = "medical", _("Medical care")
    VOCATIONAL = "vocational", _("Vocational training")
    RETURN = "return", _("Return and repatriation (assisted return)")
    LIVELIHOOD = "livelihood", _("Employment and livelihood")
    NGO = "ngo", _("NGO (several services)")


class BedType(models.TextChoices):
    WOMEN = "women", _("Women")
    WOMEN_WITH_CHILDREN = "women-children", _("Women with children")
    GIRLS = "girls", _("Girls")
    BOYS = "boys", _("Boys")
    MEN = "men", _("Men")


class Language(models.TextChoices):
    URDU = "ur", _("Urdu")
    ENGLISH = "en", _("English")
    PUNJABI = "pa", _("Punjabi")
    SINDHI = "sd", _("Sindhi")
    PASHTO = "ps", _("Pashto")
    BALOCHI = "bal", _("Balochi")
    SARAIKI = "skr", _("Saraiki")
    BENGALI = "bn", _("Bengali")
    DARI = "prs", _("Dari")
    ARABIC = "ar", _("Arabic")


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_SERVICE = "in-service", _("In service")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = {ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE}


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no-capacity", _("No capacity now")
    NOT_ELIGIBLE = "not-eligible", _("Outside our eligibility")
    OUT_OF_AREA = "out-of-area", _("Outside the districts we serve")
    SERVICE_UNAVAILABLE = "unavailable", _("Service not available now")
    OTHER = "other", _("Other")


class DischargeReason(models.TextChoices):
    COMPLETED = "completed", _("Stay completed as planned")
    REUNIFIED = "reunified", _("Reunified with family")
    TRANSFERRED = "transferred", _("Moved to another provider")
    LEFT = "left", _("Left of her or his own will")
    OTHER = "other", _("Other")


class SharedField(models.TextChoices):
    """What a referral may carry to the recipient; the first six are the minimal default."""

    FIRST_NAME = "first_name", _("First name")
    AGE = "age", _("Age")
    SEX = "sex", _("Sex")
    LANGUAGES = "languages", _("Languages")
    NEEDS = "needs", _("Needs")
    RISKS = "risks", _("Risks")
    NATIONALITY = "nationality", _("Nationality")
    DISTRICT = "district", _("District of origin")
    DISABILITY = "disability", _("Disability")
    PHONE = "phone", _("Phone")
    CNIC = "cnic", _("CNIC")


MINIMAL_SHARE = (
    SharedField.FIRST_NAME,
    SharedField.AGE,
    SharedField.SEX,
    SharedField.LANGUAGES,
    SharedField.NEEDS,
    SharedField.RISKS,
)

# Which consent purpose covers a referral for each need (cases.choices.ConsentPurpose values).
CONSENT_PURPOSE = {
    ServiceType.SHELTER: "shelter",
    ServiceType.CHILD_PROTECTION: "shelter",
    ServiceType.LEGAL_AID: "legal-aid",
    ServiceType.MEDICAL: "medical",
    ServiceType.RETURN: "return",
    ServiceType.FAMILY_TRACING: "return",
}
DEFAULT_CONSENT_PURPOSE = "referral"

# Hours a provider has to answer a referral, by need; settings.RIHAI_REFERRAL_RESPONSE_HOURS
# overrides any of them. Shelter and child protection are emergencies: one day.
DEFAULT_RESPONSE_HOURS = {
    ServiceType.SHELTER: 24,
    ServiceType.CHILD_PROTECTION: 24,
    ServiceType.MEDICAL: 24,
    ServiceType.LEGAL_AID: 72,
    ServiceType.PSYCHOSOCIAL: 72,
    ServiceType.RETURN: 120,
    ServiceType.VOCATIONAL: 168,
    ServiceType.LIVELIHOOD: 168,
    ServiceType.FAMILY_TRACING: 168,
}


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for our supervisor")
    APPROVED = "approved", _("Waiting for the receiving agency")
    ACCEPTED = "accepted", _("Transferred")
    DECLINED = "declined", _("Declined by the receiving agency")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TRANSFER = (TransferStatus.REQUESTED, TransferStatus.APPROVED)


class PlanItemKind(models.TextChoices):
    """A goal or milestone of a survivor's support and reintegration plan."""

    GOAL = "goal", _("Goal")
    MEDICAL = "medical", _("Medical care")
    LEGAL = "legal", _("Legal proceedings")
    TRAINING = "training", _("Training completed")
    EMPLOYMENT = "employment", _("Employment")
    FAMILY_TRACING = "family-tracing", _("Family tracing")
    REUNIFICATION = "reunification", _("Family reunification")
    SAFE_RETURN = "safe-return", _("Safe return")
    FOLLOW_UP_3 = "follow-up-3", _("Follow-up at 3 months")
    FOLLOW_UP_6 = "follow-up-6", _("Follow-up at 6 months")
    FOLLOW_UP_12 = "follow-up-12", _("Follow-up at 12 months")


FOLLOW_UPS = {
    PlanItemKind.FOLLOW_UP_3: 3,
    PlanItemKind.FOLLOW_UP_6: 6,
    PlanItemKind.FOLLOW_UP_12: 12,
}


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    NOT_NEEDED = "not-needed", _("Not needed")
