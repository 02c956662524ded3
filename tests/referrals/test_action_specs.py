"""Runs every referrals action through its spec (tests/action_contract.py): the allowed call writes its
audit row; the call on a record out of the user's scope raises and changes nothing."""

from tests.action_contract import ActionSpecChecks, add_spec_tests
from tests.base import RihaiTestCase

from .action_specs import SPECS


class ReferralActionSpecsTest(ActionSpecChecks, RihaiTestCase):
    pass


add_spec_tests(ReferralActionSpecsTest, SPECS)
