"""Synthetic investigations for the tests (obviously fictional data)."""

from datetime import date, timedelta

from django.utils import timezone

from rihai.justice import actions
from tests.cases.helpers import CaseTestCase

COMPLAINT_DAY = date(2024, 3, 1)


class JusticeTestCase(CaseTestCase):
    def investigation(self, user=None, **fields):
        user = user or self.fia_investigator
        data = {
            "complaint_number": "C-0001",
            "complaint_date": COMPLAINT_DAY,
            "offence_codes": ["ptpa-3-1"],
        }
        data.update(fields)
        return actions.do_open_investigation(acting_user=user, **data)

    def advance(self, investigation, *stages, user=None, start=COMPLAINT_DAY):
        """Moves through ``stages`` a week apart, with an FIR number when needed."""
        user = user or self.fia_investigator
        day = start
        for stage in stages:
            day = min(day + timedelta(days=7), timezone.localdate())
            investigation = actions.do_record_stage(
                investigation=investigation,
                stage=stage,
                on=day,
                acting_user=user,
                fir_number="FIR-77/2024" if stage == "fir" else "",
            )
        return investigation

    def audit_events(self):
        from rihai.audit.models import AuditLog

        return list(AuditLog.objects.order_by("id").values_list("event", flat=True))
