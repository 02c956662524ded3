"""Licences that expire by date alone: a daily task flags the ads citing them, as the system."""

import datetime
from unittest import mock

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.core.request_context import acting_through
from rihai.screening import tasks
from rihai.screening.actions_reflag import do_reflag_expired_licences
from rihai.screening.models import Ad, LicenceExpiryCheck

from .helpers import ScreeningTestCase

# Falcon (0848/LHR) is valid until 2030-12-31 with 0300-0000012 on record; Crescent (0696/RWP)
# expired in 2021 by its status.
ADS = [
    {"id": "falcon", "text": "Driver for Riyadh, OEP licence 0848/LHR, call 0300-0000012"},
    {"id": "falcon-other-phone", "text": "Cook for Doha, OEP licence 0848/LHR, call 0300-0000055"},
    {"id": "crescent", "text": "Guard for Muscat, licence 0696/RWP"},
    {"id": "none", "text": "Tailor for Jeddah, call 0300-0000044"},
]


def frozen(day: str, hour: int = 9):
    """The clock stopped at ``hour`` local time on ``day`` (Asia/Karachi)."""
    moment = datetime.datetime.fromisoformat(day).replace(hour=hour)
    moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return mock.patch("django.utils.timezone.now", return_value=moment)


def flags():
    return {a.external_id: Ad.split(a.app_flags) for a in Ad.objects.all()}


class LicenceExpiryTest(ScreeningTestCase):
    def setUp(self):
        with frozen("2030-12-30"):
            self.apply_registry()
            self.upload(ADS)

    def run_task(self):
        return tasks.expire_licences.delay().get()

    def test_the_day_after_the_end_date_the_ads_are_flagged_by_the_system(self):
        before = flags()
        self.assertEqual(before["falcon"], [])
        self.assertEqual(before["falcon-other-phone"], ["phone-not-on-record"])
        with frozen("2030-12-31"):  # the last valid day: nothing expires
            self.assertEqual(self.run_task(), {"licences": 0, "ads_checked": 0, "ads_flagged": 0})
        self.assertEqual(flags(), before)
        with frozen("2031-01-01", hour=0):  # just after midnight local time
            counts = self.run_task()
        self.assertEqual(counts, {"licences": 1, "ads_checked": 2, "ads_flagged": 2})
        self.assertEqual(
            flags(),
            {
                "falcon": ["licence-expired"],
                # Nothing is cleared silently: the earlier flag stays beside the new one.
                "falcon-other-phone": ["phone-not-on-record", "licence-expired"],
                "crescent": ["licence-expired"],  # flagged at ingestion already: unchanged
                "none": [],
            },
        )
        row = AuditLog.objects.filter(event="ads-reflagged-licence-expiry").last()
        self.assertIsNone(row.acting_user_id)  # the system, not a person
        self.assertEqual(row.interface, "system")
        self.assertEqual(
            row.extra,
            {**counts, "day": "2031-01-01", "since": "2030-12-31"},
        )

    def test_a_second_run_the_same_day_and_later_days_change_nothing(self):
        with frozen("2031-01-01"):
            self.run_task()
            self.assertEqual(self.run_task(), {"licences": 0, "ads_checked": 0, "ads_flagged": 0})
        with frozen("2031-01-02"):
            self.assertEqual(self.run_task(), {"licences": 0, "ads_checked": 0, "ads_flagged": 0})
        self.assertEqual(LicenceExpiryCheck.objects.count(), 2)

    def test_missed_days_are_caught_up(self):
        with frozen("2030-12-29"):
            self.run_task()  # before the end date
        with frozen("2031-03-15"):  # beat was down for months
            self.assertEqual(self.run_task()["ads_flagged"], 2)

    def test_only_the_system_runs_it_and_never_from_the_web(self):
        with self.assertRaises(RecordNotFound):
            do_reflag_expired_licences(acting_user=self.beoe_supervisor)
        with acting_through("web"), self.assertRaises(PermissionDenied):
            do_reflag_expired_licences(acting_user=None)
        self.assertFalse(LicenceExpiryCheck.objects.exists())

    def test_beat_runs_it_daily(self):
        entry = settings.CELERY_BEAT_SCHEDULE["screening-licence-expiry"]
        self.assertEqual(entry["task"], tasks.expire_licences.name)
