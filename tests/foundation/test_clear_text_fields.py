"""No free text about a person is stored in clear: every text column of every Rihai model is
either encrypted (``rihai.core.fields``) or listed here with why it holds no one's personal
data. A new text field fails this test until someone decides which it is."""

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase

from rihai.core.fields import EncryptedTextField

CODES = "codes, ids, hashes or numbers the application writes, not text anyone types"
STAFF = "staff accounts and the agencies' own names: not survivors' or suspects' data"
PUBLIC = "public reference data (gazetteer, law, OEP registry, service directory)"
KEYED = "a keyed hash (blind index) or a digest: unreadable without the keys"
ADS = "what was extracted from a public advertisement (codes, source, the model that scored it)"

IN_CLEAR = {
    **dict.fromkeys(
        [
            "core.Notification.kind",
            "core.Notification.target_type",
            "core.IdempotencyKey.endpoint",
            "audit.AuditLog.object_type",
            "audit.AuditLog.object_id",
            "audit.AuditLog.request_id",
            "audit.AuditLog.extra",  # record_audit refuses free text in extra
            "audit.AuditLog.key_id",
            "audit.AuditJournal.event",
            "audit.AuditJournal.object_type",
            "audit.AuditJournal.object_id",
            "audit.AuditJournal.request_id",
            "audit.AuditJournal.extra",
            "audit.AuditJournal.key_id",
            "audit.DenialBucket.actor_key",
            "audit.DenialBucket.event",
            "audit.DenialBucket.kind",
            "audit.DenialBucket.access",
            "audit.DenialBucket.sample_ids",
            "audit.DenialBucket.interface",
            "cases.Case.reference",
            "cases.Case.means_of_control",
            "cases.Case.destination_country",
            "cases.Case.route",
            "cases.CaseDocument.public_id",
            "cases.CaseDocument.content_type",
            "cases.Disclosure.purpose",
            "cases.Disclosure.legal_basis",
            "cases.CaseListSettings.columns",
            "cases.Person.nationality",
            "cases.Person.languages",
            "cases.ScreeningAssessment.rules_version",
            "cases.ScreeningAssessment.exploitation_kind",
            "cases.ScreeningAssessment.answers",
            "cases.ScreeningAssessment.result",
            "justice.Investigation.reference",
            "justice.Investigation.complaint_number",
            "justice.Investigation.fir_number",
            "justice.VictimLink.protection_measures",
            "justice.RecruiterLinkDecision.basis",
            "justice.SuspectLinkDecision.basis",
            "referrals.Referral.person_sex",
            "referrals.Referral.nationality",
            "referrals.Referral.shared_fields",
            "referrals.Referral.basis_kind",
            "referrals.Referral.legal_basis",
            "referrals.Transfer.person_sex",
            "referrals.Transfer.basis_kind",
            "screening.AdBatch.rejects",  # line numbers and reason codes
            "screening.AdBatchChunk.rejects",
            "screening.AdBatchChunk.scored_by",
            "screening.RegistryImport.report",
            "screening.ScoringModel.version",
            "screening.ScoringModel.document",
            "screening.ScoringModel.figures",
            "ops.LegalHold.record_type",
            "ops.LegalHold.object_id",
            "ops.Disposal.record_type",
            "ops.Disposal.object_id",
            "ops.Disposal.disposal",
        ],
        CODES,
    ),
    **dict.fromkeys(
        [
            "accounts.AccessRequest.payload",
            "accounts.Agency.name",
            "accounts.Agency.name_ur",
            "accounts.Agency.code",
            "accounts.Role.code",
            "accounts.Role.name",
            "accounts.Role.name_ur",
            "accounts.User.password",
            "accounts.User.username",
            "accounts.User.first_name",
            "accounts.User.last_name",
            "accounts.User.email",
            "audit.AuditLog.acting_username",
            "audit.AuditJournal.acting_username",
            "justice.Hearing.court_name",  # a court is a public institution
            "screening.AdBatch.file_name",  # the name of a file staff uploaded
            "screening.RegistryImport.file_name",
        ],
        STAFF,
    ),
    **dict.fromkeys(
        [
            "geo.Province.code",
            "geo.Province.iso_code",
            "geo.Province.name_en",
            "geo.Province.name_ur",
            "geo.District.code",
            "geo.District.name_en",
            "geo.District.name_ur",
            "geo.District.slug",
            "justice.Offence.code",
            "justice.Offence.law",
            "justice.Offence.section",
            "justice.Offence.title_en",
            "justice.Offence.title_ur",
            "justice.OffenceVersion.penalty",
            "justice.OffenceVersion.source",
            "justice.OffenceVersion.note",
            "cases.RecruiterAccount.oep_licence",
            "justice.Suspect.oep_licence",
            "referrals.Provider.name",
            "referrals.Provider.name_ur",
            "referrals.Provider.address",
            "referrals.Provider.hours",
            "referrals.Provider.phone",
            "referrals.Provider.email",
            "referrals.Provider.languages",
            "referrals.Provider.eligible_sexes",
            "referrals.Provider.nationalities",
            "screening.Promoter.licence",
            "screening.Promoter.licence_as_written",
            "screening.Promoter.name",
            "screening.Promoter.name_key",
            "screening.Promoter.city",
            "screening.Promoter.phones",
            "screening.Promoter.addresses",
            "screening.RegistryImport.rows",
        ],
        PUBLIC,
    ),
    **dict.fromkeys(
        [
            "core.IdempotencyKey.key_hash",
            "core.IdempotencyKey.request_hash",
            "accounts.EnrolmentCode.code_hash",
            "audit.AuditLog.prev_hash",
            "audit.AuditLog.hash",
            "audit.AuditChainHead.last_hash",
            "audit.AuditJournal.mac",
            "cases.Person.cnic_bidx",
            "cases.Person.bform_bidx",
            "cases.Person.passport_bidx",
            "cases.Person.phone_bidx",
            "cases.Person.name_key_bidx",
            "cases.Person.family_key_bidx",
            "cases.RecruiterAccount.name_key_bidx",
            "cases.RecruiterAccount.cnic_bidx",
            "cases.RecruiterAccount.phone_bidx",
            "portal.Report.code_bidx",
            "justice.EvidenceItem.sha256",
            "justice.Suspect.cnic_bidx",
            "justice.Suspect.phone_bidx",
            "justice.Suspect.name_key_bidx",
            "screening.AdBatch.file_hash",
            "screening.Ad.content_hash",
            "screening.Ad.url_key",
            "screening.Ad.contact_keys",
            "screening.ContactKey.key",
        ],
        KEYED,
    ),
    **dict.fromkeys(
        [
            "screening.Ad.source",
            "screening.Ad.language",
            "screening.Ad.band",
            "screening.Ad.flags",
            "screening.Ad.flag_codes",
            "screening.Ad.app_flags",
            "screening.Ad.destinations",
            "screening.Ad.licences",
            "screening.Ad.model_version",
        ],
        ADS,
    ),
}

# Free text typed about a person, a case or an investigation: must stay encrypted.
MUST_BE_ENCRYPTED = [
    "cases.CaseMember.relation_to_primary",
    "cases.Person.guardian_relation",
    "cases.Case.assignment_note",
    "cases.Disclosure.legal_reference",
    "referrals.Referral.legal_reference",
    "referrals.Transfer.legal_reference",
    "justice.Hearing.purpose",
    "justice.CustodyEntry.purpose",
]


def clear_text_fields() -> set[str]:
    """Every text-like column of a Rihai model that is not encrypted and has no fixed choices."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("rihai."):
            continue
        for field in model._meta.concrete_fields:
            text_like = isinstance(field, models.CharField | models.TextField | models.JSONField)
            if text_like and not field.choices and not isinstance(field, EncryptedTextField):
                found.add(f"{model._meta.label}.{field.name}")
    return found


class ClearTextFieldsTest(SimpleTestCase):
    def test_every_clear_text_column_is_decided(self):
        found = clear_text_fields()
        self.assertEqual(sorted(found - set(IN_CLEAR)), [], "encrypt these, or list them here")
        self.assertEqual(sorted(set(IN_CLEAR) - found), [], "no longer in clear: unlist them")

    def test_free_text_about_people_is_encrypted(self):
        for label in MUST_BE_ENCRYPTED:
            app_model, name = label.rsplit(".", 1)
            field = apps.get_model(app_model)._meta.get_field(name)
            self.assertIsInstance(field, EncryptedTextField, label)
