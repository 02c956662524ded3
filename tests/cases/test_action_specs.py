"""Runs every cases action through its spec (tests/action_contract.py): the allowed call writes its
audit row; the call on a record out of the user's scope raises and changes nothing."""

from tests.action_contract import ActionSpecChecks, add_spec_tests
from tests.cases.helpers import CaseTestCase

from .action_specs import SPECS


class CaseActionSpecsTest(ActionSpecChecks, CaseTestCase):
    pass


add_spec_tests(CaseActionSpecsTest, SPECS)
