"""The consent gate: every export passes it; the purpose limits the fields; packages decrypt."""

import json

from django.db import transaction

from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.consent_gate import DisclosureRefused, require_disclosure_basis
from rihai.cases.models import Disclosure
from rihai.cases.packages import PackageError, open_package, seal

from .helpers import CaseTestCase

IDENTIFIERS = ("35202-5555555-5", "0300-5550177", "AB1234567", "Aslam Demo")


class ConsentGateTest(CaseTestCase):
    def setUp(self):
        self.person_ = self.person(
            self.fia_supervisor,
            cnic=IDENTIFIERS[0],
            phone=IDENTIFIERS[1],
            passport=IDENTIFIERS[2],
            parentage_relation="d/o",
            parentage_name=IDENTIFIERS[3],
        )
        self.case_ = self.case(user=self.fia_supervisor, person=self.person_)
        self.url = f"/api/cases/{self.case_.pk}/htcds/"

    def consent(self, recipient, purpose):
        return actions.do_record_consent(
            case=self.case_,
            person=self.person_,
            recipient=recipient,
            purpose=purpose,
            acting_user=self.fia_supervisor,
        )

    def test_no_consent_no_export(self):
        self.sign_in(self.fia_supervisor)
        before = AuditLog.objects.count()
        response = self.client.post(self.url, {"purpose": "shelter", "recipient": "TNGO"})
        self.assertEqual(response.status_code, 400)
        body = response.content.decode()
        for secret in IDENTIFIERS:
            self.assertNotIn(secret, body)
        self.assertIn("consent", body)  # says what to do instead
        self.assertEqual(AuditLog.objects.count(), before)
        self.assertFalse(Disclosure.objects.exists())

    def test_consent_to_one_recipient_is_not_consent_to_another(self):
        self.consent(self.fia, "shelter")  # another recipient
        self.consent(self.ngo, "medical")  # another purpose
        with self.assertRaises(DisclosureRefused):
            actions.do_export_htcds_case(
                case=self.case_,
                acting_user=self.fia_supervisor,
                purpose="shelter",
                recipient=self.ngo,
            )
        self.consent(self.ngo, "shelter")
        document = actions.do_export_htcds_case(
            case=self.case_, acting_user=self.fia_supervisor, purpose="shelter", recipient=self.ngo
        )
        self.assertIs(document["persons"][0]["con_Consent"], True)
        row = AuditLog.objects.filter(event="data-disclosed").latest("id")
        self.assertEqual(
            (row.extra["kind"], row.extra["recipient"], row.extra["purpose"]),
            ("consent", self.ngo.pk, "shelter"),
        )

    def test_expired_or_revoked_consent_is_no_basis(self):
        from datetime import timedelta

        from django.utils import timezone

        from rihai.cases.models import Consent

        consent = self.consent(self.ngo, "shelter")
        export = {
            "case": self.case_,
            "acting_user": self.fia_supervisor,
            "purpose": "shelter",
            "recipient": self.ngo,
        }
        # Expired yesterday (set on the row: the form takes future dates only).
        Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.now() - timedelta(days=1))
        with self.assertRaises(DisclosureRefused):
            actions.do_export_htcds_case(**export)
        Consent.objects.filter(pk=consent.pk).update(expires_on=None)
        self.assertIs(actions.do_export_htcds_case(**export)["persons"][0]["con_Consent"], True)
        actions.do_revoke_consent(consent=consent, acting_user=self.fia_supervisor)
        with self.assertRaises(DisclosureRefused):
            actions.do_export_htcds_case(**export)

    def test_consent_to_another_recipient_does_not_mark_the_export_consented(self):
        self.consent(self.fia, "investigation")  # the old bug: consent to anyone marked true
        document = self.full_export(self.case_, purpose="investigation")  # to the NGO
        self.assertIs(document["persons"][0]["con_Consent"], False)
        self.assertEqual(Disclosure.objects.get().kind, "legal-basis")

    def test_an_unknown_legal_basis_is_no_basis(self):
        with self.assertRaises(DisclosureRefused) as refused:
            actions.do_export_htcds_case(
                case=self.case_,
                acting_user=self.fia_supervisor,
                purpose="investigation",
                recipient=self.ngo,
                legal_basis="my-say-so",
                legal_reference="Demo 1/2026",
            )
        self.assertIn("legal_basis", refused.exception.message_dict)
        self.assertFalse(Disclosure.objects.exists())

    def test_legal_basis_marks_no_consent_and_needs_a_reference(self):
        with self.assertRaises(DisclosureRefused):
            actions.do_export_htcds_case(
                case=self.case_,
                acting_user=self.fia_supervisor,
                purpose="investigation",
                recipient=self.ngo,
                legal_basis="court-order",
            )
        document = self.full_export(self.case_, purpose="investigation")
        self.assertIs(document["persons"][0]["con_Consent"], False)
        disclosure = Disclosure.objects.get()
        self.assertEqual(
            (disclosure.kind, disclosure.legal_reference), ("legal-basis", "Test order 1/2026")
        )

    def test_override_only_by_a_supervisor_of_the_cases_agency(self):
        case = self.case()
        kwargs = {"purpose": "shelter", "recipient": self.ngo, "override_reason": "Demo: danger"}
        with self.assertRaises(DisclosureRefused):
            # an investigator of the agency holds no (case, approve)
            with transaction.atomic():
                require_disclosure_basis(
                    case=case,
                    person=case.members.get().person,
                    acting_user=self.fia_investigator,
                    **kwargs,
                )
        document = actions.do_export_htcds_case(
            case=case, acting_user=self.fia_supervisor, **kwargs
        )
        self.assertIs(document["persons"][0]["con_Consent"], False)
        disclosure = Disclosure.objects.get()
        self.assertEqual(disclosure.kind, "override")
        row = AuditLog.objects.filter(event="data-disclosed").latest("id")
        self.assertEqual(
            (row.acting_user, row.extra["kind"], row.extra["recipient"], row.extra["purpose"]),
            (self.fia_supervisor, "override", self.ngo.pk, "shelter"),
        )
        self.assertEqual(row.extra["disclosure"], disclosure.pk)
        self.assertNotIn("danger", str(row.extra))  # the reason stays in the encrypted row

    def test_the_gate_runs_only_inside_an_action(self):
        with self.assertRaises(RuntimeError):
            require_disclosure_basis(
                case=self.case_,
                person=self.person_,
                recipient=self.ngo,
                purpose="shelter",
                acting_user=self.fia_supervisor,
            )

    def test_each_purpose_carries_only_its_fields(self):
        research = actions.do_export_htcds_case(
            case=self.case_, acting_user=self.fia_supervisor, purpose="research"
        )
        text = json.dumps(research, ensure_ascii=False)
        for secret in (*IDENTIFIERS, "Samina", "ثمینہ", self.case_.reference):
            self.assertNotIn(secret, text)
        self.assertEqual(Disclosure.objects.get().kind, "anonymised")

        self.consent(self.ngo, "shelter")
        shelter = actions.do_export_htcds_case(
            case=self.case_, acting_user=self.fia_supervisor, purpose="shelter", recipient=self.ngo
        )
        person = shelter["persons"][0]
        self.assertEqual(person["prs_FirstName"], "Samina")
        self.assertEqual(person["prs_IdentityNumber"], "")  # a shelter needs no CNIC
        self.assertEqual(person["x_rihai"]["parentage_name"], "")
        self.assertEqual(person["x_rihai"]["passport"], "")
        self.assertEqual(person["prs_MobilePhone"], "+923005550177")

    def test_a_research_download_does_not_name_the_case(self):
        self.sign_in(self.fia_supervisor)
        response = self.client.post(self.url, {"purpose": "research"})
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertNotIn(self.case_.reference, response.content.decode())
        self.assertNotIn(self.case_.reference, str(dict(response.items())))
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="rihai-case.htcds.json"'
        )

    def test_a_file_export_without_recipient_needs_a_basis(self):
        with self.assertRaises(DisclosureRefused):
            actions.do_export_htcds_case(
                case=self.case_, acting_user=self.fia_supervisor, purpose="shelter"
            )

    def test_the_encrypted_package_decrypts_with_its_passphrase_only(self):
        self.consent(self.ngo, "shelter")
        self.sign_in(self.fia_supervisor)
        passphrase = "demo passphrase 42"
        response = self.client.post(
            self.url, {"purpose": "shelter", "recipient": "TNGO", "passphrase": passphrase}
        )
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/vnd.rihai.package")
        package = response.content
        self.assertNotIn(b"Samina", package)
        document = json.loads(open_package(package, passphrase))
        self.assertEqual(document["persons"][0]["prs_FirstName"], "Samina")
        with self.assertRaises(PackageError):
            open_package(package, "wrong passphrase!")
        tampered = package[:-1] + bytes([package[-1] ^ 1])
        with self.assertRaises(PackageError):
            open_package(tampered, passphrase)
        with self.assertRaises(ValueError):
            seal(b"x", "short")
