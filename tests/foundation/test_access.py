"""Fail-closed access: denied unless granted, scoped by own / agency / province / all."""

from rihai.accounts.access import RecordNotFound, access_by_id, require, scoped
from rihai.accounts.models import Agency, AgencyType, Role, RolePermission
from rihai.accounts.permissions import Scope, personal_data_resources
from rihai.cases.resources import Resource
from tests.base import RihaiTestCase, make_user
from tests.testapp.models import SecretNote


class ScopedQuerysetTest(RihaiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.fia_note = SecretNote.objects.create(agency=cls.fia, name="x")
        cls.ngo_note = SecretNote.objects.create(agency=cls.ngo, name="y")
        # A second Punjab agency, to tell province scope from agency scope.
        cls.police = Agency.objects.create(
            name="Test Police", code="TPOL", agency_type=AgencyType.POLICE, province=cls.punjab
        )
        cls.police_note = SecretNote.objects.create(agency=cls.police, name="z")
        cls.role = Role.objects.create(code="tester", name="Tester", requires_mfa=False)
        cls.tester = make_user(cls.fia, "tester")

    def grant(self, scope):
        RolePermission.objects.update_or_create(
            role=self.role, resource=Resource.PERSON, action="view", defaults={"scope": scope}
        )
        self.tester._grants_cache = None

    def visible(self, **kwargs):
        return set(scoped(SecretNote.objects.all(), self.tester, Resource.PERSON, **kwargs))

    def test_no_grant_sees_nothing(self):
        self.assertEqual(self.visible(), set())

    def test_agency_scope(self):
        self.grant(Scope.AGENCY)
        self.assertEqual(self.visible(), {self.fia_note})

    def test_province_scope(self):
        self.grant(Scope.PROVINCE)
        self.assertEqual(self.visible(), {self.fia_note, self.police_note})

    def test_all_scope(self):
        self.grant(Scope.ALL)
        self.assertEqual(self.visible(), {self.fia_note, self.ngo_note, self.police_note})

    def test_own_scope_without_owner_fields_sees_nothing(self):
        self.grant(Scope.OWN)
        self.assertEqual(self.visible(), set())

    def test_inactive_user_sees_nothing(self):
        self.grant(Scope.ALL)
        self.tester.is_active = False
        self.tester._grants_cache = None
        self.assertEqual(self.visible(), set())

    def test_user_without_agency_sees_nothing_below_all(self):
        self.grant(Scope.AGENCY)
        self.tester.agency = None
        self.assertEqual(self.visible(), set())

    def test_not_found_and_not_yours_look_alike(self):
        self.grant(Scope.AGENCY)
        with self.assertRaises(RecordNotFound) as other_agency:
            access_by_id(SecretNote.objects.all(), self.tester, Resource.PERSON, self.ngo_note.pk)
        with self.assertRaises(RecordNotFound) as missing:
            access_by_id(SecretNote.objects.all(), self.tester, Resource.PERSON, 999_999)
        self.assertEqual(str(other_agency.exception), str(missing.exception))
        self.assertEqual(
            access_by_id(SecretNote.objects.all(), self.tester, Resource.PERSON, self.fia_note.pk),
            self.fia_note,
        )

    def test_require_raises_without_grant(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            require(self.tester, Resource.PERSON, "view")
        self.grant(Scope.AGENCY)
        self.assertEqual(require(self.tester, Resource.PERSON, "view"), Scope.AGENCY)


class DefaultRolesTest(RihaiTestCase):
    def test_every_default_role_exists(self):
        codes = set(Role.objects.values_list("code", flat=True))
        self.assertTrue(
            {
                "administrator",
                "supervisor",
                "case-worker",
                "investigator",
                "service-provider",
                "analyst",
                "auditor",
            }
            <= codes
        )

    def test_analyst_and_auditor_hold_no_personal_data_grant(self):
        for user in (self.fia_analyst, self.fia_auditor, self.fia_administrator):
            held = {resource for (resource, _action) in user.grants}
            self.assertEqual(held & set(personal_data_resources()), set(), user.username)

    def test_case_worker_is_limited_to_own_records(self):
        self.assertEqual(self.fia_case_worker.scope_for(Resource.CASE, "view"), Scope.OWN)
        self.assertIsNone(self.fia_case_worker.scope_for(Resource.CASE, "approve"))
