"""Coded values of investigation and prosecution, and the stage machine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where an investigation stands, in the order a case moves through the system."""

    COMPLAINT = "complaint", _("Complaint received")
    INQUIRY = "inquiry", _("Inquiry")
    FIR = "fir", _("FIR registered")
    ARREST = "arrest", _("Arrest")
    CHALLAN = "challan", _("Charge sheet (challan) submitted")
    TRIAL = "trial", _("Trial")
    JUDGMENT = "judgment", _("Judgment")
    APPEAL = "appeal", _("Appeal")


# The only moves allowed. An inquiry or an arrest may be skipped (a direct FIR; a challan
# against an absconding accused); nothing reaches trial without a challan, nor judgment
# without trial, nor challan without an FIR.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.COMPLAINT: frozenset({Stage.INQUIRY, Stage.FIR}),
    Stage.INQUIRY: frozenset({Stage.FIR}),
    Stage.FIR: frozenset({Stage.ARREST, Stage.CHALLAN}),
    Stage.ARREST: frozenset({Stage.CHALLAN}),
    Stage.CHALLAN: frozenset({Stage.TRIAL}),
    Stage.TRIAL: frozenset({Stage.JUDGMENT}),
    Stage.JUDGMENT: frozenset({Stage.APPEAL}),
    Stage.APPEAL: frozenset(),
}
STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}
# Stages at or after which the case is before a court (hearings make sense).
IN_COURT = frozenset({Stage.CHALLAN, Stage.TRIAL, Stage.JUDGMENT, Stage.APPEAL})


class Outcome(models.TextChoices):
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    COMPROMISE = "compromise", _("Compromise (compounded)")
    WITHDRAWAL = "withdrawal", _("Withdrawal of prosecution")


class Court(models.TextChoices):
    MAGISTRATE_1 = "magistrate-1", _("Magistrate of the First Class")
    SESSIONS = "sessions", _("Court of Session")
    SPECIAL = "special", _("Special Court")
    UNKNOWN = "unknown", _("Not verified")


class TriState(models.TextChoices):
    """Yes, no, or not verified: a legal classification nobody has checked is not a 'no'."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not verified")


class Verification(models.TextChoices):
    """The mark carried from the reference notes: verified, secondary source, unverified."""

    VERIFIED = "V", _("Verified against the text of the law")
    SECONDARY = "S", _("From a secondary source")
    UNVERIFIED = "U", _("Unverified: do not rely on it")


class ProtectionMeasure(models.TextChoices):
    """Victim-witness protection (PTPA ss.10-11); everyone who handles the case must honour them."""

    IN_CAMERA = "in-camera", _("In-camera hearing")
    SCREENED = "screened", _("Testimony behind a screen or by video link")
    RELOCATION = "relocation", _("Relocation")
    ADDRESS_WITHHELD = "address-withheld", _("Address not to be disclosed")
    PSEUDONYM = "pseudonym", _("Pseudonym in records")


class SuspectKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class SuspectRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    SUB_AGENT = "sub-agent", _("Sub-agent")
    OEP = "oep", _("Overseas employment promoter")
    TRANSPORTER = "transporter", _("Transporter")
    EMPLOYER = "employer", _("Employer")
    HARBOURER = "harbourer", _("Harbourer")
    FINANCIER = "financier", _("Financier (hundi/hawala)")
    OTHER = "other", _("Other")


class AccusedStatus(models.TextChoices):
    NAMED = "named", _("Named")
    ARRESTED = "arrested", _("Arrested")
    ON_BAIL = "on-bail", _("On bail")
    ABSCONDING = "absconding", _("Absconding")
    # CrPC s.87: proclaimed by the court after absconding.
    PROCLAIMED = "proclaimed", _("Proclaimed offender")
    DISCHARGED = "discharged", _("Discharged")
    ACQUITTED = "acquitted", _("Acquitted")
    CONVICTED = "convicted", _("Convicted")


class EvidenceKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    DIGITAL = "digital", _("Digital")
    DOCUMENT = "document", _("Document")


class LinkBasis(models.TextChoices):
    CNIC = "cnic", _("Same CNIC")
    PHONE = "phone", _("Same phone number")
    NAME = "name", _("Similar name (Urdu or Roman script)")
    LICENCE = "licence", _("Same OEP licence")


class LinkDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Same suspect")
    REJECTED = "rejected", _("Different people")
