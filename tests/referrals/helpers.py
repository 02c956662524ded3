"""A referral world on top of the shared test world (synthetic data only).

FIA Lahore (``self.fia``) refers; the NGO in Karachi (``self.ngo``) runs a women's shelter in
Rihai (``self.shelter``); a legal-aid clinic is only listed (``self.clinic``, no agency); a
third agency (``self.other``) has staff who must see nothing of either.
"""

from rihai.accounts.models import Agency, AgencyType
from rihai.cases.actions import do_record_consent
from rihai.referrals import actions
from rihai.referrals.models import BedCapacity, Provider, ProviderService
from tests.base import make_user
from tests.cases.helpers import CaseTestCase


class ReferralTestCase(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = Agency.objects.create(
            name="Test Other Shelter",
            code="TOTH",
            agency_type=AgencyType.SHELTER,
            province=cls.punjab,
        )
        for role in ("case-worker", "supervisor", "service-provider"):
            setattr(cls, f"other_{role.replace('-', '_')}", make_user(cls.other, role))
        from rihai.accounts.models import User

        for user in User.objects.all():
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
        for name in dir(cls):
            value = getattr(cls, name)
            if isinstance(value, User):
                value.email = f"{value.username}@example.org"
        cls.shelter = cls.provider(
            name="Test Women's Shelter",
            name_ur="ٹیسٹ دارالامان",
            kind="womens-shelter",
            agency=cls.ngo,
            eligible_sexes=["female"],
            min_age=18,
            services=["shelter", "psychosocial"],
            beds={"women": 2, "women-children": 1},
        )
        cls.clinic = cls.provider(
            name="Test Legal Aid Clinic", kind="legal-aid", agency=None, services=["legal-aid"]
        )

    @classmethod
    def provider(cls, *, services, beds=None, districts=None, **fields):
        fields.setdefault("province", cls.punjab)
        fields.setdefault("district", cls.lahore)
        provider = Provider.objects.create(**fields)
        for s in services:
            ProviderService.objects.create(provider=provider, service_type=s)
        provider.districts_served.set(districts or [cls.lahore, cls.karachi])
        for bed_type, n in (beds or {}).items():
            BedCapacity.objects.create(provider=provider, bed_type=bed_type, capacity=n)
        return provider

    def referred_case(self, *, consent_to=None, purpose="shelter", **person_fields):
        """A case at FIA with a person, and their consent to ``consent_to`` for ``purpose``."""
        case = self.case(person=self.person(**person_fields) if person_fields else None)
        person = case.members.get().person
        consent = None
        if consent_to is not None:
            consent = do_record_consent(
                case=case,
                person=person,
                recipient=consent_to,
                purpose=purpose,
                acting_user=self.fia_case_worker,
            )
        return case, person, consent

    def refer(
        self, case=None, person=None, *, provider=None, service_type="shelter", user=None, **kw
    ):
        if case is None:
            case, person, _consent = self.referred_case(consent_to=self.ngo)
        kw.setdefault("needs", "Safe place to stay; counselling")
        kw.setdefault("risks", "Recruiter knows her home village")
        return actions.do_refer_case(
            case=case,
            person=person,
            provider=provider or self.shelter,
            service_type=service_type,
            acting_user=user or self.fia_case_worker,
            **kw,
        )
