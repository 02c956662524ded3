"""Runs every operations action through its spec (tests/action_contract.py): the allowed call
writes its audit row; the call on another agency's record raises and changes nothing."""

from tests.action_contract import ActionSpecChecks, add_spec_tests
from tests.cases.helpers import CaseTestCase

from .action_specs import SPECS


class OpsActionSpecsTest(ActionSpecChecks, CaseTestCase):
    pass


add_spec_tests(OpsActionSpecsTest, SPECS)
