"""Runs every accounts action through its spec (tests/action_contract.py): the allowed call
writes its audit row; the refused call raises and changes nothing."""

from tests.action_contract import ActionSpecChecks, add_spec_tests
from tests.base import RihaiTestCase

from .action_specs import SPECS


class AccountActionSpecsTest(ActionSpecChecks, RihaiTestCase):
    pass


add_spec_tests(AccountActionSpecsTest, SPECS)
