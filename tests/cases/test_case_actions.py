from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from rihai.accounts.access import RecordNotFound
from rihai.accounts.models import Sex
from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.choices import CaseStatus
from rihai.cases.models import Case, Person, StatusChange
from tests.base import make_user

from .helpers import CaseTestCase


class RegisterPersonTest(CaseTestCase):
    def test_personal_data_is_ciphertext_at_rest(self):
        person = self.person(
            cnic="35202-1234567-1",
            phone="0300-1234567",
            address="Demo street 9",
            parentage_relation="d/o",
            parentage_name="Rashid Demo",
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM cases_person WHERE id = %s", [person.pk])
            row = " ".join(str(v) for v in cursor.fetchone())
        for plain in ("Samina", "ثمینہ", "35202", "1234567", "Demo street", "Rashid", "+92300"):
            self.assertNotIn(plain, row)

    def test_audit_row_written(self):
        person = self.person()
        row = AuditLog.objects.latest("id")
        self.assertEqual(
            (row.event, row.object_type, row.object_id),
            ("record-created", "cases.person", str(person.pk)),
        )

    def test_bad_input_gives_field_errors_and_saves_nothing(self):
        before = Person.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.person(cnic="12345", date_of_birth="2999-01-01", phone="12", district=self.karachi)
        errors = caught.exception.message_dict
        self.assertIn("cnic", errors)
        self.assertIn("date_of_birth", errors)
        self.assertIn("phone", errors)
        self.assertIn("district", errors)  # Karachi is not in Punjab
        self.assertEqual(Person.objects.count(), before)

    def test_impossible_date_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.person(date_of_birth="2001-02-30")
        self.assertIn("date_of_birth", caught.exception.message_dict)

    def test_a_name_is_required(self):
        with self.assertRaises(ValidationError):
            self.person(name_roman="", name_ur="")

    def test_analyst_cannot_register(self):
        with self.assertRaises(PermissionDenied):
            self.person(user=self.fia_analyst)


class OpenCaseTest(CaseTestCase):
    def test_reference_numbers_run_per_agency(self):
        first, second = self.case(), self.case()
        other = self.case(user=self.ngo_case_worker)
        self.assertTrue(first.reference.startswith("TFIA-"))
        self.assertEqual(int(second.reference[-5:]), int(first.reference[-5:]) + 1)
        self.assertTrue(other.reference.startswith("TNGO-") and other.reference.endswith("00001"))

    def test_family_case_for_bonded_labour(self):
        father = self.person(name_roman="Akram Demo", sex="male", estimated_age=45)
        son = self.person(name_roman="Bilal Demo", sex="male", estimated_age=12)
        case = self.case(person=father, family=[(son, "son")], exploitation_types=["bonded-labour"])
        self.assertEqual(case.members.count(), 2)
        self.assertEqual(
            list(case.exploitations.values_list("exploitation_type", flat=True)), ["bonded-labour"]
        )

    def test_transnational_is_derived(self):
        self.assertTrue(self.case(destination_country="SA").is_transnational)
        self.assertFalse(self.case().is_transnational)

    def test_unknown_exploitation_type_rolls_back(self):
        before = Case.objects.count()
        with self.assertRaises(ValidationError):
            self.case(exploitation_types=["made-up"])
        self.assertEqual(Case.objects.count(), before)


class GenderSensitiveAssignmentTest(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.male_worker = make_user(cls.fia, "case-worker", username="fia-male-cw", sex=Sex.MALE)

    def test_female_survivor_goes_to_a_female_worker(self):
        case = self.case(user=self.male_worker)
        self.assertEqual(case.assigned_to.sex, Sex.FEMALE)

    def test_male_worker_refused_without_supervisor_reason(self):
        with self.assertRaises(ValidationError):
            self.case(user=self.fia_supervisor, assigned_to=self.male_worker)
        with self.assertRaises(ValidationError):  # a case worker may not override, even with a note
            self.case(
                user=self.fia_case_worker,
                assigned_to=self.male_worker,
                assignment_note="only one on duty",
            )

    def test_supervisor_may_override_with_a_reason(self):
        case = self.case(
            user=self.fia_supervisor,
            assigned_to=self.male_worker,
            assignment_note="Survivor asked for this officer",
        )
        self.assertEqual(
            (case.assigned_to, case.assignment_note),
            (self.male_worker, "Survivor asked for this officer"),
        )

    def test_male_survivor_any_worker(self):
        person = self.person(self.male_worker, name_roman="Akram Demo", sex="male")
        case = self.case(user=self.male_worker, person=person)
        self.assertEqual(case.assigned_to, self.male_worker)


class StatusWorkflowTest(CaseTestCase):
    def test_identification_by_case_worker_waits_for_supervisor(self):
        case = self.case()
        actions.do_request_status_change(
            case=case, to_status="presumed", acting_user=self.fia_case_worker
        )
        change = actions.do_request_status_change(
            case=case, to_status="identified", acting_user=self.fia_case_worker
        )
        case.refresh_from_db()
        self.assertEqual((change.decision, case.status), ("pending", "presumed"))
        with self.assertRaises(RecordNotFound):  # a case worker decides nothing
            actions.do_decide_status_change(
                change=change, approve=True, acting_user=self.fia_case_worker
            )
        actions.do_decide_status_change(
            change=change, approve=True, acting_user=self.fia_supervisor
        )
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.IDENTIFIED)
        self.assertIsNotNone(case.identified_on)

    def test_only_one_pending_request(self):
        case = self.case()
        actions.do_request_status_change(
            case=case, to_status="closed", reason="moved away", acting_user=self.fia_case_worker
        )
        with self.assertRaises(ValidationError):
            actions.do_request_status_change(
                case=case, to_status="closed", reason="again", acting_user=self.fia_case_worker
            )

    def test_not_a_victim_needs_a_reason(self):
        case = self.case()
        with self.assertRaises(ValidationError) as caught:
            actions.do_request_status_change(
                case=case, to_status="not-victim", acting_user=self.fia_case_worker
            )
        self.assertIn("reason", caught.exception.message_dict)

    def test_impossible_move_is_refused(self):
        case = self.case()
        with self.assertRaises(ValidationError):
            actions.do_request_status_change(
                case=case, to_status="assistance", acting_user=self.fia_case_worker
            )

    def test_close_and_reopen(self):
        case = self.case()
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="no contact", acting_user=self.fia_supervisor
        )
        case.refresh_from_db()
        self.assertEqual((change.decision, case.status), ("pending", "screening"))  # four eyes
        second = make_user(self.fia, "supervisor", username="fia-supervisor-2")
        actions.do_decide_status_change(change=change, approve=True, acting_user=second)
        case.refresh_from_db()
        self.assertEqual(case.status, "closed")
        actions.do_request_status_change(
            case=case, to_status="screening", reason="", acting_user=self.fia_case_worker
        )
        case.refresh_from_db()
        self.assertEqual((case.status, case.closed_on), ("screening", None))
        self.assertEqual(StatusChange.objects.filter(case=case).count(), 2)

    def test_rejection_leaves_status(self):
        case = self.case()
        change = actions.do_request_status_change(
            case=case, to_status="closed", reason="x", acting_user=self.fia_case_worker
        )
        actions.do_decide_status_change(
            change=change, approve=False, acting_user=self.fia_supervisor, reason="Not yet"
        )
        case.refresh_from_db()
        self.assertEqual(case.status, "screening")
