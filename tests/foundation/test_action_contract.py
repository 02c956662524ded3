"""The action contract, checked for every action of every app.

``rihai.core.actions.registered_actions()`` lists each public ``do_*`` action of the installed
apps. Each must have a spec in ``tests/<app_label>/action_specs.py``::

    SPECS = {"rihai.cases.actions.do_x": spec}   # spec(test) -> ActionSpec (or the dict form)

and the app's ``tests/<app_label>/test_action_specs.py`` runs them with ``tests.action_contract``
on the app's own test world: the allowed call writes its audit row; the call on another
agency's record (or by a role the action refuses) raises and changes nothing. An action without
a spec fails here, so a new app's actions are covered the day they exist.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

from rihai.core.actions import registered_actions

# Actions whose spec is not written yet, each with where its scope and audit are tested
# instead. The list may only shrink: an action missing from it and from the specs fails.
NOT_YET_SPECIFIED: dict[str, str] = {}


def app_label_of(action_name: str) -> str:
    """``rihai.cases.actions.do_x`` or ``rihai.referrals.actions.plans.do_x`` -> the app's label:
    the installed app whose package holds the action's module."""
    module = action_name.rsplit(".", 1)[0]
    owners = [c for c in apps.get_app_configs() if module.startswith(c.name + ".")]
    if owners:
        return max(owners, key=lambda c: len(c.name)).label
    return module.split(".")[1]


def specs_for(label: str) -> dict:
    try:
        return import_module(f"tests.{label}.action_specs").SPECS
    except ModuleNotFoundError:
        return {}


class ActionContractTest(SimpleTestCase):
    def actions(self):
        found = registered_actions()
        self.assertGreaterEqual(len(found), 15)  # the cases app alone has more
        return found

    def test_every_action_has_a_spec(self):
        missing = [
            name
            for name in self.actions()
            if name not in specs_for(app_label_of(name)) and name not in NOT_YET_SPECIFIED
        ]
        self.assertEqual(missing, [], "actions without a spec in tests/<app>/action_specs.py")
        stale = [
            n for n in NOT_YET_SPECIFIED if n in self.actions() and n in specs_for(app_label_of(n))
        ]
        self.assertEqual(stale, [], "specified now: remove from NOT_YET_SPECIFIED")

    def test_every_app_with_specs_runs_them(self):
        labels = {app_label_of(name) for name in self.actions()}
        for label in sorted(labels):
            with self.subTest(label):
                if not specs_for(label):
                    continue
                runner = f"tests.{label}.test_action_specs"
                self.assertIsNotNone(find_spec(runner), f"{runner} is missing")
                source = Path(find_spec(runner).origin).read_text()
                self.assertIn("add_spec_tests", source, f"{runner} must use add_spec_tests")

    def test_every_action_is_keyword_only_and_durable(self):
        for name, function in self.actions().items():
            with self.subTest(name):
                self.assertTrue(getattr(function, "is_action", False))
                with self.assertRaises(TypeError):
                    function(object())  # positional: refused


class ActionStepTest(SimpleTestCase):
    def test_a_step_refuses_to_run_outside_a_transaction(self):
        from rihai.cases.actions import do_register_person
        from rihai.core.actions import ActionContractError, as_step

        with self.assertRaises(ActionContractError):
            as_step(do_register_person)(acting_user=None, name_roman="X Demo", sex="female")
