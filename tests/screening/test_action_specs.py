"""Runs every screening action through its spec (tests/action_contract.py): the allowed call
writes its audit row; the call on a record out of the user's scope raises and changes nothing."""

from tests.action_contract import ActionSpecChecks, add_spec_tests

from .action_specs import SPECS
from .helpers import ScreeningTestCase


class ScreeningActionSpecsTest(ActionSpecChecks, ScreeningTestCase):
    pass


add_spec_tests(ScreeningActionSpecsTest, SPECS)
