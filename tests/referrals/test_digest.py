"""The daily digest: counts per agency to its supervisors, no personal data, audited."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from rihai.audit.models import AuditLog
from rihai.referrals.models import Referral
from rihai.referrals.tasks import daily_digest

from .helpers import ReferralTestCase


class DigestTest(ReferralTestCase):
    def test_supervisors_get_counts_and_nothing_personal(self):
        late = self.refer()
        self.refer()
        Referral.objects.filter(pk=late.pk).update(due_by=late.requested_on)
        mail.outbox.clear()
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("referral_digest", stdout=out)
        self.assertIn("2 agencies", out.getvalue())
        by_address = {m.to[0]: m.body for m in mail.outbox}
        self.assertEqual(
            sorted(by_address), ["tfia-supervisor@example.org", "tngo-supervisor@example.org"]
        )
        self.assertIn("answer: 2 (1 past the deadline)", by_address["tngo-supervisor@example.org"])
        self.assertIn("not answered in time: 1", by_address["tfia-supervisor@example.org"])
        for body in by_address.values():
            for secret in ("Samina", "ثمینہ", late.case.reference, "village"):
                self.assertNotIn(secret, body)
        rows = AuditLog.objects.filter(event="referral-digest-sent")
        self.assertEqual(rows.count(), 2)
        self.assertEqual(rows.get(agency_id=self.ngo.pk).extra["late_in"], 1)

    def test_nothing_to_report_sends_nothing(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(daily_digest(), {"agencies": 0, "messages": 0})
        self.assertEqual(mail.outbox, [])


class DigestTaskTest(ReferralTestCase):
    def test_beat_schedules_the_registered_task_daily(self):
        from django.conf import settings

        from config.celery import app

        entry = settings.CELERY_BEAT_SCHEDULE["referral-daily-digest"]
        self.assertIn(entry["task"], app.tasks)
        self.assertEqual((entry["schedule"].hour, entry["schedule"].minute), ({7}, {0}))

    def test_the_task_runs_through_celery_and_links_to_the_site(self):
        late = self.refer()
        Referral.objects.filter(pk=late.pk).update(due_by=late.requested_on)
        mail.outbox.clear()
        with (
            self.settings(RIHAI_SITE_URL="https://rihai.example.org/"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            result = daily_digest.delay().get()
        self.assertEqual(result["agencies"], 2)
        self.assertTrue(mail.outbox)
        for message in mail.outbox:
            self.assertIn("https://rihai.example.org/referrals/", message.body)
