"""Delays: time in each stage against the configured limits, overdue lists, home-page work."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from rihai.core.plugins import work_items
from rihai.justice import actions
from rihai.justice.catalogue import stage_limits
from rihai.justice.delays import overdue, overdue_by_place, stalled_trials

from .helpers import JusticeTestCase


class DelayTest(JusticeTestCase):
    def setUp(self):
        today = timezone.localdate()
        # FIR 30 days ago, no challan: past the CrPC s.173 17-day mark.
        self.late = self.investigation(
            complaint_date=today - timedelta(days=40), complaint_number="C-L"
        )
        self.late = actions.do_record_stage(
            investigation=self.late,
            stage="fir",
            on=today - timedelta(days=30),
            fir_number="1/24",
            acting_user=self.fia_investigator,
        )
        # FIR 5 days ago: in time.
        self.fresh = self.investigation(
            complaint_date=today - timedelta(days=6), complaint_number="C-F"
        )
        self.fresh = actions.do_record_stage(
            investigation=self.fresh,
            stage="fir",
            on=today - timedelta(days=5),
            fir_number="2/24",
            acting_user=self.fia_investigator,
        )
        # Another agency's late FIR: never in our lists.
        other = self.investigation(
            user=self.ngo_investigator, complaint_date=today - timedelta(days=40)
        )
        actions.do_record_stage(
            investigation=other,
            stage="fir",
            on=today - timedelta(days=30),
            fir_number="3/24",
            acting_user=self.ngo_investigator,
        )

    def test_the_challan_limit_has_its_source_and_mark(self):
        limit = stage_limits()["fir"]
        self.assertEqual(limit.days, 17)
        self.assertIn("173", limit.source)
        self.assertEqual(limit.verification, "S")

    def test_overdue_lists_only_the_late_one_in_scope(self):
        items = overdue(self.fia_supervisor)
        self.assertEqual([o.investigation.pk for o in items], [self.late.pk])
        self.assertEqual(items[0].days, 30)
        self.assertEqual(items[0].days_over, 13)
        groups = overdue_by_place(items)
        self.assertEqual(groups["agency"], [("Test FIA Lahore", 1)])

    def test_an_arrest_does_not_restart_the_clock(self):
        inv = actions.do_record_stage(
            investigation=self.late,
            stage="arrest",
            on=timezone.localdate(),
            acting_user=self.fia_investigator,
        )
        self.assertEqual([o.investigation.pk for o in overdue(self.fia_supervisor)], [inv.pk])

    @override_settings(RIHAI_JUSTICE_STAGE_LIMITS={"fir": 60})
    def test_a_limit_can_be_configured_and_says_so(self):
        self.assertEqual(overdue(self.fia_supervisor), [])
        self.assertEqual(stage_limits()["fir"].verification, "local")

    def test_an_outcome_ends_the_clock(self):
        actions.do_record_outcome(
            investigation=self.late,
            outcome="withdrawal",
            on=timezone.localdate(),
            acting_user=self.fia_supervisor,
        )
        self.assertEqual(overdue(self.fia_supervisor), [])

    def test_stalled_trials(self):
        inv = self.advance(
            self.investigation(complaint_number="C-T"),
            "fir",
            "challan",
            "trial",
        )
        self.assertIn(inv.pk, [i.pk for i in stalled_trials(self.fia_supervisor)])
        actions.do_schedule_hearing(
            investigation=inv,
            on=timezone.localdate() + timedelta(days=3),
            court_name="Court Demo",
            acting_user=self.fia_investigator,
        )
        self.assertNotIn(inv.pk, [i.pk for i in stalled_trials(self.fia_supervisor)])

    def test_home_page_work_counts_and_links_to_the_list(self):
        items = {i.key: i for i in work_items(self.fia_supervisor)}
        self.assertEqual(items["investigations-overdue"].count, 1)
        self.assertEqual(items["investigations-overdue"].url, "/justice/overdue/")
        self.assertIn("trials-stalled", items)
        self.assertNotIn(
            "investigations-overdue", {i.key for i in work_items(self.fia_case_worker)}
        )
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/justice/overdue/").content.decode()
        self.assertIn(self.late.reference, page)
        self.assertNotIn(self.fresh.reference, page)
