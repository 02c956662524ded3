"""The shared world for Rihai's tests: two agencies in two provinces, every role at each.

class MyTest(RihaiTestCase):
    def test_x(self):
        self.sign_in(self.fia_caseworker)
        self.assertRefused(url, [None, self.ngo_caseworker, self.fia_analyst])
"""

from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from rihai.accounts.models import Agency, AgencyType, Role, Sex, User
from rihai.geo.models import District, Province

ROLE_CODES = [
    "administrator",
    "supervisor",
    "case-worker",
    "investigator",
    "service-provider",
    "analyst",
    "auditor",
]


def make_user(agency: Agency, role_code: str, *, username: str | None = None, sex=Sex.FEMALE, **kw):
    role = Role.objects.get(code=role_code)
    username = username or f"{agency.code.lower()}-{role_code}"
    user = User.objects.create_user(
        username=username,
        password="test-pass-123456",
        agency=agency,
        role=role,
        sex=sex,
        first_name="Test",
        last_name=role.name,
        is_staff=role_code == "administrator",
        **kw,
    )
    return user


class RihaiTestCase(TestCase):
    """Builds two agencies (FIA in Punjab, an NGO in Sindh) with a user for every role at each.

    Users are ``self.fia_<role>`` and ``self.ngo_<role>`` with dashes as underscores,
    e.g. ``self.fia_case_worker``, ``self.ngo_supervisor``.
    """

    @classmethod
    def setUpTestData(cls):
        cls.punjab = Province.objects.get(iso_code="PK-PB")
        cls.sindh = Province.objects.get(iso_code="PK-SD")
        cls.lahore = District.objects.get(slug__startswith="lahore")
        cls.karachi = District.objects.filter(
            province=cls.sindh, slug__startswith="south-karachi"
        ).first()
        cls.fia = Agency.objects.create(
            name="Test FIA Lahore",
            code="TFIA",
            agency_type=AgencyType.FIA_AHTC,
            province=cls.punjab,
            district=cls.lahore,
        )
        cls.ngo = Agency.objects.create(
            name="Test NGO Karachi",
            code="TNGO",
            agency_type=AgencyType.NGO,
            province=cls.sindh,
            district=cls.karachi,
        )
        for prefix, agency in (("fia", cls.fia), ("ngo", cls.ngo)):
            for code in ROLE_CODES:
                setattr(cls, f"{prefix}_{code.replace('-', '_')}", make_user(agency, code))

    def sign_in(self, user, *, verified: bool = True):
        """Signs ``user`` in; with ``verified`` also marks the session as two-factor verified."""
        self.client.force_login(user)
        if verified:
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
            session = self.client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return user

    def assertRefused(self, url: str, users, *, method: str = "get", data=None):
        """Each of ``users`` (None = anonymous) is refused: sent to sign-in, 403 or 404."""
        for user in users:
            self.client.logout()
            if user is not None:
                self.sign_in(user)
            response = getattr(self.client, method)(url, data=data, follow=True)
            label = user.username if user else "anonymous"
            if response.status_code in (401, 403, 404):
                continue
            chain = [target for target, _status in response.redirect_chain]
            self.assertTrue(
                chain and "/accounts/login/" in chain[-1],
                f"{label} was not refused {url} (status {response.status_code}, redirects {chain})",
            )
        self.client.logout()

    def assertAllowed(self, url: str, users, *, method: str = "get", data=None, status: int = 200):
        for user in users:
            self.client.logout()
            self.sign_in(user)
            response = getattr(self.client, method)(url, data=data)
            label = user.username
            self.assertEqual(response.status_code, status, f"{label} should reach {url}")
        self.client.logout()
