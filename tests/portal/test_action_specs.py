"""Runs every public-site action through its spec (tests/action_contract.py)."""

from tests.action_contract import ActionSpecChecks, add_spec_tests

from .action_specs import SPECS
from .test_portal import PortalTestCase


class PortalActionSpecsTest(ActionSpecChecks, PortalTestCase):
    pass


add_spec_tests(PortalActionSpecsTest, SPECS)
