"""Every screening action: registered, writes its audit row, refuses another agency's record.

Driven by ``action_specs.SPECS``, which must name every registered screening action.
"""

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.core.actions import registered_actions

from .action_specs import SPECS
from .helpers import ScreeningTestCase


def _screening_actions():
    return {n: f for n, f in registered_actions().items() if n.startswith("rihai.screening.")}


class ActionContractTest(ScreeningTestCase):
    def test_every_action_has_a_spec(self):
        self.assertEqual(sorted(_screening_actions()), sorted(SPECS))

    def test_each_action_writes_its_audit_row(self):
        actions = _screening_actions()
        for name, spec in SPECS.items():
            with self.subTest(action=name):
                world = spec(self)
                before = AuditLog.objects.filter(event=world["event"]).count()
                actions[name](**world["allowed"])
                self.assertEqual(
                    AuditLog.objects.filter(event=world["event"]).count(), before + 1, name
                )

    def test_each_action_refuses_another_agencys_record(self):
        actions = _screening_actions()
        for name, spec in SPECS.items():
            with self.subTest(action=name):
                world = spec(self)
                if world["other_agency"] is None:
                    self.assertTrue(world.get("why_no_agency"), name)
                    continue
                before = AuditLog.objects.count()
                with self.assertRaises(RecordNotFound):
                    actions[name](**world["other_agency"])
                self.assertEqual(AuditLog.objects.count(), before, f"{name} wrote on refusal")
