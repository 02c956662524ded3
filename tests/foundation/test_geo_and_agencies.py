from django.core.exceptions import ValidationError

from rihai.accounts.actions import do_create_agency
from rihai.accounts.models import AgencyType
from rihai.geo.models import District, Province
from tests.base import RihaiTestCase


class GeographyTest(RihaiTestCase):
    def test_gazetteer_is_loaded(self):
        self.assertEqual(Province.objects.count(), 7)
        self.assertEqual(District.objects.count(), 160)
        self.assertEqual(Province.objects.get(iso_code="PK-PB").name_ur, "پنجاب")

    def test_district_must_be_in_the_province(self):
        with self.assertRaises(ValidationError) as caught:
            do_create_agency(
                acting_user=self.fia_administrator,
                name="Mismatch",
                code="MIS",
                agency_type=AgencyType.NGO,
                province=self.sindh,
                district=self.lahore,
            )
        self.assertIn("district", caught.exception.message_dict)

    def test_unknown_agency_type_is_refused(self):
        with self.assertRaises(ValidationError):
            do_create_agency(
                acting_user=self.fia_administrator,
                name="X",
                code="X1",
                agency_type="secret-service",
                province=self.sindh,
            )


class AgencyApiTest(RihaiTestCase):
    def test_directory_lists_active_agencies(self):
        self.sign_in(self.ngo_case_worker)
        data = self.client.get("/api/agencies/").json()
        self.assertEqual({a["code"] for a in data["results"]}, {"TFIA", "TNGO"})

    def test_filter_by_type(self):
        self.sign_in(self.ngo_case_worker)
        data = self.client.get("/api/agencies/?agency_type=ngo").json()
        self.assertEqual([a["code"] for a in data["results"]], ["TNGO"])
