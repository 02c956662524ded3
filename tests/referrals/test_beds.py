"""Shelter beds: occupancy from placements and discharges, eligibility, the last bed."""

import threading
import time
from unittest import mock, skipUnless

from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.referrals import actions, queries
from rihai.referrals.models import Placement

from .helpers import ReferralTestCase


def free(provider, bed_type):
    return next(b["free"] for b in queries.beds_of(provider) if b["bed_type"] == bed_type)


class BedsTest(ReferralTestCase):
    def accepted(self, **kw):
        referral = self.refer(**kw)
        actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        return referral

    def test_admission_and_discharge_keep_occupancy(self):
        referral = self.accepted()
        self.assertEqual(free(self.shelter, "women"), 2)
        actions.do_admit_to_shelter(
            referral=referral, bed_type="women", acting_user=self.ngo_service_provider
        )
        self.assertEqual(free(self.shelter, "women"), 1)
        referral.refresh_from_db()
        self.assertEqual(referral.status, "in-service")
        self.assertTrue(AuditLog.objects.filter(event="shelter-admitted").exists())
        actions.do_discharge_from_shelter(
            referral=referral, reason="reunified", acting_user=self.ngo_service_provider
        )
        self.assertEqual(free(self.shelter, "women"), 2)
        referral.refresh_from_db()
        self.assertEqual(referral.status, "completed")

    def test_the_sender_is_not_offered_withdrawal_while_the_person_is_in_a_bed(self):
        referral = self.accepted()
        withdraw_url = f"/referrals/{referral.pk}/withdraw/"
        self.sign_in(self.fia_case_worker)
        self.assertContains(self.client.get(f"/referrals/{referral.pk}/"), withdraw_url)
        actions.do_admit_to_shelter(
            referral=referral, bed_type="women", acting_user=self.ngo_service_provider
        )
        page = self.client.get(f"/referrals/{referral.pk}/")
        self.assertNotContains(page, withdraw_url)
        self.assertContains(page, "the shelter must discharge them first")
        with self.assertRaises(ValidationError):
            actions.do_withdraw_referral(
                referral=referral, acting_user=self.fia_case_worker, note="moved"
            )

    def test_full_shelter_refuses_and_saves_nothing(self):
        first, second, third = self.accepted(), self.accepted(), self.accepted()
        for r in (first, second):
            actions.do_admit_to_shelter(
                referral=r, bed_type="women", acting_user=self.ngo_service_provider
            )
        with self.assertRaises(ValidationError) as caught:
            actions.do_admit_to_shelter(
                referral=third, bed_type="women", acting_user=self.ngo_service_provider
            )
        self.assertIn("no capacity", caught.exception.messages[0])
        third.refresh_from_db()
        self.assertEqual(third.status, "accepted")
        self.assertEqual(Placement.objects.count(), 2)

    def test_no_free_bed_refuses_acceptance(self):
        for _ in range(2):
            r = self.accepted()
            actions.do_admit_to_shelter(
                referral=r, bed_type="women", acting_user=self.ngo_service_provider
            )
        waiting = self.refer()
        with self.assertRaises(ValidationError):
            actions.do_accept_referral(referral=waiting, acting_user=self.ngo_service_provider)

    def test_a_bed_must_fit_the_person(self):
        referral = self.accepted()
        for wrong in ("boys", "men", "girls", "women-children"):
            with self.assertRaises(ValidationError):
                actions.do_admit_to_shelter(
                    referral=referral, bed_type=wrong, acting_user=self.ngo_service_provider
                )
        self.assertFalse(Placement.objects.exists())

    def test_a_boy_is_never_placed_in_a_womens_bed(self):
        centre = self.provider(
            name="Test Crisis Centre",
            kind="crisis-centre",
            agency=self.ngo,
            services=["shelter"],
            beds={"women": 3, "boys": 3},
        )
        case, person, _ = self.referred_case(
            name_roman="Ali Demo",
            sex="male",
            date_of_birth="2016-01-01",
            guardian_name="Guardian Demo",
        )
        from rihai.cases.actions import do_record_consent

        do_record_consent(
            case=case,
            person=person,
            recipient=self.ngo,
            purpose="shelter",
            acting_user=self.fia_case_worker,
            given_by_guardian=True,
            guardian_name="Guardian Demo",
        )
        referral = self.refer(case, person, provider=centre)
        actions.do_accept_referral(referral=referral, acting_user=self.ngo_service_provider)
        with self.assertRaises(ValidationError) as caught:
            actions.do_admit_to_shelter(
                referral=referral, bed_type="women", acting_user=self.ngo_service_provider
            )
        self.assertIn("Boys", " ".join(caught.exception.messages))
        actions.do_admit_to_shelter(
            referral=referral, bed_type="boys", acting_user=self.ngo_service_provider
        )
        self.assertEqual(free(centre, "women"), 3)
        self.assertEqual(free(centre, "boys"), 2)

    def test_discharge_before_admission_is_refused(self):
        referral = self.accepted()
        with self.assertRaises(ValidationError) as caught:
            actions.do_discharge_from_shelter(
                referral=referral, reason="completed", acting_user=self.ngo_service_provider
            )
        self.assertIn("admit them before", caught.exception.messages[0])

    def test_capacity_never_below_occupancy_and_only_by_the_shelter(self):
        referral = self.accepted()
        actions.do_admit_to_shelter(
            referral=referral, bed_type="women", acting_user=self.ngo_service_provider
        )
        with self.assertRaises(ValidationError):
            actions.do_set_bed_capacity(
                provider=self.shelter,
                bed_type="women",
                capacity=0,
                acting_user=self.ngo_service_provider,
            )
        actions.do_set_bed_capacity(
            provider=self.shelter, bed_type="women", capacity=5, acting_user=self.ngo_supervisor
        )
        self.assertEqual(free(self.shelter, "women"), 4)
        for outsider in (self.other_service_provider, self.fia_supervisor, self.fia_case_worker):
            with self.assertRaises(RecordNotFound):
                actions.do_set_bed_capacity(
                    provider=self.shelter, bed_type="women", capacity=9, acting_user=outsider
                )


@skipUnless(connection.vendor == "postgresql", "needs a server database; SQLite is one connection")
class LastBedRaceTest(TransactionTestCase):
    """Two agencies' referrals admitted into the last bed at the same moment: one wins."""

    def test_only_one_admission_takes_the_last_bed(self):
        # TransactionTestCase may start from a flushed database: the roles, their grants and
        # a district are made again here (idempotent), not restored from a serialised copy.
        from rihai.accounts.models import Role, RolePermission
        from rihai.accounts.roles import install_default_roles
        from rihai.geo.models import Province

        install_default_roles(Role, RolePermission)
        punjab, _created = Province.objects.get_or_create(
            iso_code="PK-PB", defaults={"code": "PK6", "name_en": "Punjab", "name_ur": "پنجاب"}
        )
        from rihai.accounts.models import Agency
        from rihai.audit.models import AuditChainHead
        from rihai.cases.actions import do_open_case, do_record_consent, do_register_person
        from rihai.geo.models import District
        from rihai.referrals.models import BedCapacity, Provider, ProviderService
        from tests.base import make_user

        AuditChainHead.objects.get_or_create(id=1)
        lahore = District.objects.filter(slug__startswith="lahore").first() or (
            District.objects.create(
                code="PKRACE",
                province=punjab,
                name_en="Lahore",
                name_ur="لاہور",
                slug="lahore-race",
            )
        )
        agencies = [
            Agency.objects.create(
                name=f"Race {code}", code=code, agency_type=kind, province=lahore.province
            )
            for code, kind in (("RFIA", "fia-ahtc"), ("RNGO", "ngo"), ("RSHL", "shelter"))
        ]
        shelter_agency = agencies[2]
        staff = [make_user(shelter_agency, "service-provider", username=f"shl-{i}") for i in (1, 2)]
        shelter = Provider.objects.create(
            name="Race Shelter",
            kind="womens-shelter",
            agency=shelter_agency,
            province=lahore.province,
            district=lahore,
        )
        ProviderService.objects.create(provider=shelter, service_type="shelter")
        shelter.districts_served.set([lahore])
        BedCapacity.objects.create(provider=shelter, bed_type="women", capacity=1)
        referrals = []
        for agency in agencies[:2]:
            worker = make_user(agency, "case-worker", username=f"{agency.code}-cw")
            person = do_register_person(
                acting_user=worker, name_roman="Race Demo", sex="female", estimated_age=25
            )
            case = do_open_case(acting_user=worker, person=person)
            do_record_consent(
                case=case,
                person=person,
                recipient=shelter_agency,
                purpose="shelter",
                acting_user=worker,
            )
            referral = actions.do_refer_case(
                case=case,
                person=person,
                provider=shelter,
                service_type="shelter",
                acting_user=worker,
                needs="A bed tonight",
            )
            actions.do_accept_referral(referral=referral, acting_user=staff[0])
            referrals.append(referral)

        from rihai.referrals.actions import service

        real_count = service._occupied_beds

        def slow_count(provider_id, bed_type):
            # Widen the window between counting and inserting, so both would fit in it.
            n = real_count(provider_id, bed_type)
            time.sleep(0.5)
            return n

        barrier = threading.Barrier(2)
        results = []

        def admit(referral, user):
            try:
                barrier.wait()
                actions.do_admit_to_shelter(referral=referral, bed_type="women", acting_user=user)
                results.append("admitted")
            except ValidationError:
                results.append("refused")
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                results.append(repr(exc))
            finally:
                connections.close_all()

        with mock.patch.object(service, "_occupied_beds", slow_count):
            threads = [
                threading.Thread(target=admit, args=(r, u))
                for r, u in zip(referrals, staff, strict=True)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(sorted(results), ["admitted", "refused"])
        self.assertEqual(Placement.objects.filter(discharged_on__isnull=True).count(), 1)
