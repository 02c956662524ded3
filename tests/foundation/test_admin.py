from rihai.accounts.models import Agency
from rihai.audit.models import AuditLog
from tests.base import RihaiTestCase


class AdminAuditTest(RihaiTestCase):
    def test_agency_change_in_admin_is_audited(self):
        self.sign_in(self.fia_administrator)
        url = f"/admin/accounts/agency/{self.ngo.pk}/change/"
        form = self.client.get(url)
        self.assertEqual(form.status_code, 200)
        response = self.client.post(
            url,
            {
                "name": "Renamed NGO",
                "name_ur": "",
                "code": "TNGO",
                "agency_type": "ngo",
                "province": self.sindh.pk,
                "district": self.karachi.pk,
                "is_active": "on",
            },
        )
        self.assertEqual(
            response.status_code,
            302,
            getattr(response, "context", None) and response.context["adminform"].form.errors,
        )
        self.assertEqual(Agency.objects.get(pk=self.ngo.pk).name, "Renamed NGO")
        row = AuditLog.objects.latest("id")
        self.assertEqual(
            (row.event, row.object_id, row.acting_user),
            ("agency-changed", str(self.ngo.pk), self.fia_administrator),
        )
        self.assertIn("name", row.extra["fields"])

    def test_nobody_can_delete_an_agency_in_admin(self):
        self.sign_in(self.fia_administrator)
        response = self.client.post(
            f"/admin/accounts/agency/{self.ngo.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTrue(Agency.objects.filter(pk=self.ngo.pk).exists())
