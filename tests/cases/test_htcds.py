import copy
import json
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from rihai.audit.models import AuditLog
from rihai.cases import actions
from rihai.cases.htcds import from_htcds, to_htcds
from rihai.cases.models import Case, Person
from rihai.cases.queries import access_case

from .helpers import CaseTestCase

PERSON_KEYS = [
    "name_roman",
    "name_ur",
    "parentage_relation",
    "parentage_name",
    "sex",
    "date_of_birth",
    "estimated_age",
    "nationality",
    "cnic",
    "bform",
    "passport",
    "phone",
    "address",
    "province_id",
    "district_id",
    "languages",
    "has_disability",
    "disability_notes",
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
]
CASE_KEYS = [
    "means_of_control",
    "recruiter_relation",
    "recruitment_channel",
    "destination_country",
    "route",
    "exploitation_start",
    "summary",
    "province_id",
    "district_id",
    "is_transnational",
]


def _person_state(person):
    return {k: getattr(person, k) for k in PERSON_KEYS}


def _case_state(case):
    state = {k: getattr(case, k) for k in CASE_KEYS}
    state["exploitation_types"] = sorted(
        case.exploitations.values_list("exploitation_type", flat=True)
    )
    state["members"] = sorted(
        (m.role, m.relation_to_primary, tuple(sorted(_person_state(m.person).items())))
        for m in case.members.select_related("person")
    )
    return state


class HtcdsRoundTripTest(CaseTestCase):
    def _rich_case(self):
        mother = self.person(
            name_roman="Rukhsana Bibi Demo",
            name_ur="رخسانہ ڈیمو",
            parentage_relation="w/o",
            parentage_name="Aslam Demo",
            date_of_birth="1990-04-02",
            estimated_age=None,
            cnic="35202-1234567-2",
            phone="0300-5550101",
            address="Demo kiln lane, house 3",
            district=self.lahore,
            languages=["ur", "pa"],
            has_disability=True,
            disability_notes="Demo: hearing",
        )
        son = self.person(
            name_roman="Imran Demo",
            name_ur="",
            sex="male",
            estimated_age=11,
            bform="35202-7654321-1",
            guardian_name="Rukhsana Demo",
            guardian_relation="mother",
            guardian_phone="0300-5550101",
        )
        return self.case(
            user=self.fia_supervisor,
            person=mother,
            family=[(son, "son")],
            exploitation_types=["bonded-labour", "child-domestic"],
            means_of_control=["debt", "threats", "documents"],
            recruiter_relation="employer",
            recruitment_channel="messaging",
            destination_country="AE",
            route=["OM"],
            exploitation_start=date(2024, 3, 1),
            summary="Demo summary: peshgi of Rs 50,000",
            district=self.lahore,
            province=self.punjab,
        )

    def test_export_then_import_keeps_every_fact(self):
        case = self._rich_case()
        loaded = access_case(self.fia_supervisor, case.pk)
        document = actions.do_export_htcds_case(loaded, acting_user=self.fia_supervisor)
        # Through JSON text, as it travels between systems.
        document = json.loads(json.dumps(document))
        self.assertEqual(document["standard"], "HTCDS")
        self.assertEqual(len(document["persons"]), 2)
        primary = document["persons"][0]
        self.assertEqual(primary["prs_Gender"], "Feminine")
        self.assertEqual(primary["prs_Birthdate"], "1990-04-02")
        self.assertEqual(primary["prs_MobilePhone"], "+923005550101")
        self.assertEqual(primary["vic_TypeOfExploitation"], ["ChildLabour", "ForcedLabour"])
        self.assertIn("DebtBondage", primary["vic_MethodsOfControl"])
        self.assertEqual(primary["vic_RelationshipToTrafficker"], "Acquainted")
        self.assertEqual(
            [e["hte_Type"] for e in document["events"]], ["Recruitment", "Transit", "Exploitation"]
        )

        imported = actions.do_import_htcds_case(document=document, acting_user=self.ngo_supervisor)
        self.assertEqual(imported.agency, self.ngo)
        self.assertEqual(imported.status, "screening")  # the new agency decides for itself
        self.assertNotEqual(imported.pk, case.pk)
        self.assertEqual(_case_state(imported), _case_state(case))
        row = AuditLog.objects.filter(event="record-imported").latest("id")
        self.assertEqual(row.extra["source_reference"], case.reference)
        self.assertEqual(row.object_id, str(imported.pk))

    def test_export_is_audited_and_needs_the_export_grant(self):
        case = self._rich_case()
        with self.assertRaises(PermissionDenied):
            actions.do_export_htcds_case(case, acting_user=self.fia_case_worker)
        actions.do_export_htcds_case(case, acting_user=self.fia_supervisor)
        row = AuditLog.objects.latest("id")
        self.assertEqual((row.event, row.object_id), ("record-exported", str(case.pk)))
        self.assertEqual(len(row.extra["persons"]), 2)

    def test_a_foreign_document_without_rihai_extras_imports(self):
        document = {
            "standard": "HTCDS",
            "standard_version": "2.0",
            "persons": [
                {
                    "prs_FirstName": "Nasreen",
                    "prs_SecondName": "Demo",
                    "prs_Gender": "Feminine",
                    "prs_Birthdate": "2001-01-05",
                    "prs_Citizenship": ["PK"],
                    "prs_IdentityNumber": "61101-1111111-4",
                    "prs_MailingState": "Punjab",
                    "vic_TypeOfExploitation": ["SexualExploitation"],
                    "vic_TypeOfSexExploitation": ["RemoteInteractiveServices"],
                    "vic_MethodsOfControl": ["FalsePromises", "ExcessiveWorkingHours"],
                    "vic_MethodOfRecruitment": ["ThroughOnlineSocialNetworks"],
                    "vic_RelationshipToTrafficker": "Unaquainted",
                }
            ],
            "events": [{"hte_Type": "Exploitation", "hte_Country": "AE"}],
        }
        case = actions.do_import_htcds_case(document=document, acting_user=self.fia_case_worker)
        person = case.members.get().person
        self.assertEqual(
            (person.name_roman, person.cnic, person.province),
            ("Nasreen Demo", "61101-1111111-4", self.punjab),
        )
        self.assertEqual(
            list(case.exploitations.values_list("exploitation_type", flat=True)), ["online-sexual"]
        )
        self.assertEqual(case.means_of_control, ["false-promises"])
        self.assertEqual(
            (case.recruitment_channel, case.recruiter_relation, case.destination_country),
            ("social-media", "stranger", "AE"),
        )
        self.assertTrue(case.is_transnational)

    def test_bad_document_saves_nothing(self):
        case = self._rich_case()
        good = json.loads(
            json.dumps(actions.do_export_htcds_case(case, acting_user=self.fia_supervisor))
        )
        persons, cases = Person.objects.count(), Case.objects.count()
        bad = copy.deepcopy(good)
        # The family member is invalid: the primary must not be saved either.
        bad["persons"][1]["x_rihai"]["bform"] = "12345"
        bad["persons"][1]["prs_Birthdate"] = "2999-01-01"
        with self.assertRaises(ValidationError) as caught:
            actions.do_import_htcds_case(document=bad, acting_user=self.fia_supervisor)
        self.assertIn("persons[family 0].bform", caught.exception.message_dict)
        self.assertIn("persons[family 0].date_of_birth", caught.exception.message_dict)
        unknown = copy.deepcopy(good)
        unknown["case"]["x_rihai"]["district"] = "PK999"
        unknown["persons"][0]["x_rihai"]["sex"] = "robot"
        with self.assertRaises(ValidationError) as caught:
            actions.do_import_htcds_case(document=unknown, acting_user=self.fia_supervisor)
        self.assertEqual(set(caught.exception.message_dict), {"case.district", "persons[0].sex"})
        with self.assertRaises(ValidationError):
            from_htcds({"standard": "Other"})
        self.assertEqual((Person.objects.count(), Case.objects.count()), (persons, cases))

    def test_analyst_cannot_import(self):
        case = self._rich_case()
        document = to_htcds(access_case(self.fia_supervisor, case.pk))
        with self.assertRaises(PermissionDenied):
            actions.do_import_htcds_case(document=document, acting_user=self.fia_analyst)
