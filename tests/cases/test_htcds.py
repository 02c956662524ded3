import copy
import csv
import json
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.cases import actions, htcds
from rihai.cases.htcds import from_htcds, to_htcds
from rihai.cases.htcds_import import import_case
from rihai.cases.models import Case, CaseMember, Person
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
        document = self.full_export(loaded)
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
        with self.assertRaises(RecordNotFound):  # no export grant: the case is not theirs to export
            self.full_export(case, user=self.fia_case_worker)
        self.full_export(case)
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
        good = json.loads(json.dumps(self.full_export(case)))
        persons, cases = Person.objects.count(), Case.objects.count()
        bad = copy.deepcopy(good)
        # The family member is invalid: the primary must not be saved either.
        bad["persons"][1]["x_rihai"]["bform"] = "12345"
        bad["persons"][1]["prs_Birthdate"] = "2999-01-01"
        with self.assertRaises(ValidationError) as caught:
            actions.do_import_htcds_case(document=bad, acting_user=self.fia_supervisor)
        self.assertEqual(set(caught.exception.message_dict), {"persons[1].x_rihai.bform"})
        bad["persons"][1]["x_rihai"]["bform"] = "99999-1234567-1"
        with self.assertRaises(ValidationError) as caught:
            actions.do_import_htcds_case(document=bad, acting_user=self.fia_supervisor)
        self.assertEqual(set(caught.exception.message_dict), {"persons[1].prs_Birthdate"})
        unknown = copy.deepcopy(good)
        unknown["case"]["x_rihai"]["district"] = "PK999"
        unknown["persons"][0]["x_rihai"]["province"] = "PK-XX"
        with self.assertRaises(ValidationError) as caught:
            actions.do_import_htcds_case(document=unknown, acting_user=self.fia_supervisor)
        self.assertEqual(
            set(caught.exception.message_dict),
            {"case.x_rihai.district", "persons[0].x_rihai.province"},
        )
        with self.assertRaises(ValidationError):
            from_htcds({"standard": "Other"})
        self.assertEqual((Person.objects.count(), Case.objects.count()), (persons, cases))

    def test_analyst_cannot_import(self):
        case = self._rich_case()
        document = to_htcds(access_case(self.fia_supervisor, case.pk))
        with self.assertRaises(PermissionDenied):
            actions.do_import_htcds_case(document=document, acting_user=self.fia_analyst)


STANDARD_CSV = (
    Path(htcds.__file__).parent.parent / "data" / "htcds" / "htcds_field_standards_2.0.derived.csv"
)


def _standard_fields() -> dict[str, list[str]]:
    """HTCDS 2.0 field name -> picklist values, from the copy of the standard's field list."""
    with STANDARD_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["Field Name including Prefix"]: [
            v for v in (row["Value Names (if picklist)"] or "").split("\n") if v
        ]
        for row in rows
        if (row.get("Field Name including Prefix") or "N/A") != "N/A"
    }


class HtcdsExportImportTest(CaseTestCase):
    """export_case / import_case: the document, the field map, the schema and the errors."""

    _rich_case = HtcdsRoundTripTest._rich_case

    def _identified_case_with_consent(self):
        case = self._rich_case()
        for status in ("presumed", "identified"):
            change = actions.do_request_status_change(
                case=case, to_status=status, acting_user=self.fia_investigator
            )
            if change.decision == "pending":  # four eyes: a second person approves
                actions.do_decide_status_change(
                    change=change, approve=True, acting_user=self.fia_supervisor
                )
        primary = case.members.get(role="primary").person
        actions.do_record_consent(
            case=case,
            person=primary,
            recipient=self.ngo,
            purpose="return",
            acting_user=self.fia_supervisor,
        )
        return Case.objects.get(pk=case.pk)

    def _counts(self):
        return (
            Person.objects.count(),
            Case.objects.count(),
            CaseMember.objects.count(),
            AuditLog.objects.count(),
        )

    def test_round_trip_into_another_agency(self):
        case = self._identified_case_with_consent()
        document = json.loads(json.dumps(self.full_export(case)))
        self.assertEqual(list(htcds.schema_validator().iter_errors(document)), [])
        primary, son = document["persons"]
        self.assertEqual(primary["x_rihai"]["role"], "primary")
        self.assertEqual(son["x_rihai"]["relation_to_primary"], "son")
        self.assertEqual(primary["vic_TraffickingStatus"], "ActualVictimOfTrafficking")
        self.assertEqual((primary["con_Consent"], son["con_Consent"]), (True, False))
        self.assertEqual(primary["prs_IdentityNumber"], "35202-1234567-2")  # decrypted
        self.assertEqual(son["prs_IdentityNumber"], "35202-7654321-1")  # B-Form when no CNIC
        x = document["case"]["x_rihai"]
        self.assertEqual((x["status"], x["is_transnational"]), ("identified", True))
        self.assertEqual(x["identified_on"], case.identified_on.isoformat())
        self.assertEqual(x["opened_on"], case.created_on.date().isoformat())
        self.assertEqual(x["exploitation_types"], ["bonded-labour", "child-domestic"])
        self.assertEqual(
            document["events"][-1],
            {"hte_Type": "Exploitation", "hte_Country": "AE", "hte_Date": "2024-03-01"},
        )

        imported = import_case(document, acting_user=self.ngo_supervisor)
        self.assertEqual(imported.agency, self.ngo)
        self.assertEqual(imported.status, "screening")
        self.assertEqual(_case_state(imported), _case_state(case))
        new_people = {m.person_id for m in imported.members.all()}
        self.assertFalse(new_people & {m.person_id for m in case.members.all()})
        # And the import exports to the same facts again.
        again = self.full_export(imported, user=self.ngo_supervisor, recipient=self.fia)
        self.assertEqual(
            [p["x_rihai"] for p in again["persons"]], [p["x_rihai"] for p in document["persons"]]
        )

    def test_bad_documents_name_the_field_and_create_nothing(self):
        good = json.loads(json.dumps(self.full_export(self._rich_case())))
        sindh_district = self.karachi.code

        def case_x(doc, **values):
            doc["case"]["x_rihai"].update(values)

        def person(doc, index=0, **values):
            doc["persons"][index].update(values)

        def person_x(doc, index=0, **values):
            doc["persons"][index]["x_rihai"].update(values)

        cases = {
            "unknown exploitation type": (
                lambda d: case_x(d, exploitation_types=["bonded-labour", "telepathy"]),
                {"case.x_rihai.exploitation_types[1]"},
            ),
            "unknown standard exploitation type": (
                lambda d: person(d, vic_TypeOfExploitation=["ForcedLabour", "Telepathy"]),
                {"persons[0].vic_TypeOfExploitation[1]"},
            ),
            "impossible date": (
                lambda d: person(d, prs_Birthdate="2023-02-30"),
                {"persons[0].prs_Birthdate"},
            ),
            "birth in the future": (
                lambda d: person(d, 1, prs_Birthdate="2999-01-01"),
                {"persons[1].prs_Birthdate"},
            ),
            "bad CNIC": (
                lambda d: person_x(d, cnic="3520-1234"),
                {"persons[0].x_rihai.cnic"},
            ),
            "bad phone": (
                lambda d: person_x(d, 1, guardian_phone="12"),
                {"persons[1].x_rihai.guardian_phone"},
            ),
            "unknown district": (
                lambda d: case_x(d, district="PK999"),
                {"case.x_rihai.district"},
            ),
            "district in another province": (
                lambda d: person_x(d, district=sindh_district),
                {"persons[0].x_rihai.district"},
            ),
            "unknown route country": (
                lambda d: case_x(d, route=["OM", "ZZ"]),
                {"case.x_rihai.route"},
            ),
            "misspelt field": (
                lambda d: person(d, prs_Birthdat="1990-04-02"),
                {"persons[0].prs_Birthdat"},
            ),
            "missing persons": (lambda d: d.pop("persons"), {"persons"}),
            "two primaries": (
                lambda d: person_x(d, 1, role="primary"),
                {"persons[1].x_rihai.role"},
            ),
            "everything the schema sees, at once": (
                lambda d: (
                    case_x(d, exploitation_types=["telepathy"]),
                    person(d, prs_Birthdate="2023-02-30"),
                    person_x(d, 1, bform="12345"),
                ),
                {
                    "case.x_rihai.exploitation_types[0]",
                    "persons[0].prs_Birthdate",
                    "persons[1].x_rihai.bform",
                },
            ),
        }
        before = self._counts()
        for label, (spoil, expected) in cases.items():
            with self.subTest(label):
                bad = copy.deepcopy(good)
                spoil(bad)
                with self.assertRaises(ValidationError) as caught:
                    import_case(bad, acting_user=self.ngo_supervisor)
                errors = caught.exception.message_dict
                self.assertEqual(set(errors), expected)
                for messages in errors.values():
                    self.assertTrue(messages and all(isinstance(m, str) for m in messages))
                self.assertEqual(self._counts(), before)
        # The messages say what is wrong, not only where.
        bad = copy.deepcopy(good)
        person(bad, prs_Birthdate="2023-02-30")
        with self.assertRaises(ValidationError) as caught:
            import_case(bad, acting_user=self.ngo_supervisor)
        self.assertEqual(
            caught.exception.message_dict["persons[0].prs_Birthdate"],
            ["Enter a real date as YYYY-MM-DD."],
        )

    def test_other_htcds_fields_are_accepted_and_ignored(self):
        document = {
            "standard": "HTCDS",
            "standard_version": "2.0",
            "persons": [
                {
                    "prs_FirstName": "Kiran",
                    "prs_SecondName": "Demo",
                    "prs_Gender": "Feminine",
                    "prs_Email": "someone@example.org",
                    "vic_ForcedLabourIndustry": "Agriculture",
                    "vic_TypeOfExploitation": ["ForcedBegging"],
                }
            ],
            "case": {"cco_CaseComment": "ignored"},
            "events": [{"hte_Type": "Exploitation", "hte_Country": "PK", "hte_City": "Multan"}],
        }
        case = import_case(document, acting_user=self.fia_case_worker)
        self.assertEqual(case.members.get().person.name_roman, "Kiran Demo")
        self.assertEqual(
            list(case.exploitations.values_list("exploitation_type", flat=True)),
            ["forced-begging"],
        )

    def test_export_holds_only_declared_fields(self):
        document = self.full_export(self._identified_case_with_consent())
        self.assertLessEqual(set(document), set(htcds.ENVELOPE_FIELDS))
        self.assertLessEqual(set(document["case"]), {*htcds.CASE_FIELDS, "x_rihai"})
        self.assertEqual(set(document["case"]["x_rihai"]), set(htcds.CASE_EXTENSIONS))
        for person in document["persons"]:
            self.assertLessEqual(set(person), {*htcds.PERSON_FIELDS, "x_rihai"})
            self.assertEqual(set(person["x_rihai"]), set(htcds.PERSON_EXTENSIONS))
        for event in document["events"]:
            self.assertLessEqual(set(event), set(htcds.EVENT_FIELDS))

    def test_field_names_and_values_are_the_standards(self):
        standard = _standard_fields()
        mapped = {*htcds.CASE_FIELDS, *htcds.PERSON_FIELDS, *htcds.EVENT_FIELDS}
        self.assertLessEqual(mapped, set(standard))
        self.assertLessEqual(set(htcds.UNMAPPED), set(standard))
        self.assertEqual(mapped & set(htcds.UNMAPPED), set())
        # Every field of the standard is either mapped or listed with the reason it is not.
        self.assertEqual(set(standard) - mapped - set(htcds.UNMAPPED), set())
        for field, values in htcds.PICKLISTS.items():
            self.assertEqual(values, standard[field], field)
        for field, mapping in (
            ("vic_TypeOfExploitation", htcds.EXPLOITATION_TO_HTCDS),
            ("vic_MethodsOfControl", htcds.MEANS_TO_HTCDS),
            ("vic_RelationshipToTrafficker", htcds.RELATION_TO_HTCDS),
            ("vic_MethodOfRecruitment", htcds.CHANNEL_TO_HTCDS),
            ("prs_Gender", htcds.SEX_TO_HTCDS),
            ("vic_TraffickingStatusDecisionMakingOrg", htcds.DECISION_ORG),
        ):
            self.assertLessEqual(set(mapping.values()), set(standard[field]), field)
