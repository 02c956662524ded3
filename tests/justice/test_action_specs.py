"""Runs the specs the lead's contract test will run: every justice action is registered, writes
its audit event when allowed, and refuses another agency's record with RecordNotFound, saving
nothing."""

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.core.actions import registered_actions
from tests.base import RihaiTestCase

from .action_specs import SPECS


class JusticeActionSpecsTest(RihaiTestCase):
    def test_every_justice_action_has_a_spec(self):
        justice = {name for name in registered_actions() if name.startswith("rihai.justice.")}
        self.assertEqual(justice, set(SPECS))

    def test_each_spec(self):
        actions = registered_actions()
        for name, spec in SPECS.items():
            with self.subTest(name):
                world = spec(self)
                before = AuditLog.objects.count()
                with self.assertRaises(RecordNotFound):
                    actions[name](**world["other_agency"])
                self.assertEqual(AuditLog.objects.count(), before, "refused call wrote audit")
                actions[name](**world["allowed"])
                last = AuditLog.objects.order_by("-id").first()
                self.assertEqual(last.event, world["event"])
