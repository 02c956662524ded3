"""Runs every referrals action through its spec, as the lead's contract test will: the allowed
call writes its audit event; the other agency's record raises RecordNotFound and saves nothing."""

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.core.actions import registered_actions
from tests.base import RihaiTestCase

from .action_specs import SPECS


class ReferralActionSpecsTest(RihaiTestCase):
    def test_every_referrals_action_has_a_spec(self):
        declared = {n for n in registered_actions() if n.startswith("rihai.referrals.")}
        self.assertEqual(declared, set(SPECS))


def _check(name):
    def test(self):
        world = SPECS[name](self)
        run = registered_actions()[name]
        if world["other_agency"] is not None:
            before = AuditLog.objects.count()
            with self.assertRaises(RecordNotFound):
                run(**world["other_agency"])
            self.assertEqual(AuditLog.objects.count(), before)
        run(**world["allowed"])
        self.assertEqual(AuditLog.objects.order_by("-id").first().event, world["event"])

    return test


for _name in SPECS:
    setattr(ReferralActionSpecsTest, f"test_{_name.rsplit('.', 1)[1]}", _check(_name))
