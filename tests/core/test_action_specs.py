"""Runs the core actions (notifications) through their specs (tests/action_contract.py)."""

from tests.action_contract import ActionSpecChecks, add_spec_tests
from tests.base import RihaiTestCase

from .action_specs import SPECS


class CoreActionSpecsTest(ActionSpecChecks, RihaiTestCase):
    pass


add_spec_tests(CoreActionSpecsTest, SPECS)
