"""The action contract, checked for every action of every app.

``rihai.core.actions.registered_actions()`` lists each public ``do_*`` action of the installed
apps. Each must have a spec in ``tests/<app_label>/action_specs.py``::

    SPECS = {"rihai.cases.actions.do_x": spec}   # spec(test) -> ActionSpec

A spec builds its world with the test's helpers and returns the keyword arguments of an
allowed call, the keyword arguments of the same call on another agency's record, and the audit
event the allowed call must write. This test then
- runs the allowed call and finds its audit row (event, object, acting user);
- runs the other-agency call, expects ``RecordNotFound``, and checks that nothing changed
  (no row added or removed in any table, the record's fields as before, no audit row).
An action without a spec fails here, so a new app's actions are covered the day they exist.
An action that changes no existing record (registering a person, an import) says so in
``no_record`` instead of giving the other-agency call.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.forms.models import model_to_dict

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.core.actions import registered_actions
from tests.cases.helpers import CaseTestCase


@dataclass
class ActionSpec:
    allowed: dict  # keyword arguments of an allowed call (acting_user included)
    event: str  # the audit event the allowed call writes
    audited_object: Callable  # (result, allowed kwargs) -> the model instance the row names
    other_agency: dict | None = None  # the same call on another agency's record
    no_record: str = ""  # why there is no other-agency call (the action changes no record)
    other_records: list = field(default_factory=list)  # records that must stay unchanged


def app_label_of(action_name: str) -> str:
    """``rihai.cases.actions.do_x`` -> ``cases``."""
    module = action_name.rsplit(".", 1)[0]
    package = module.rsplit(".", 1)[0]
    for config in apps.get_app_configs():
        if config.name == package:
            return config.label
    return package.rsplit(".", 1)[-1]


def specs_for(label: str) -> dict:
    try:
        return import_module(f"tests.{label}.action_specs").SPECS
    except ModuleNotFoundError:
        return {}


def _world_counts() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "contenttypes", "admin")
    }


def _snapshot(records) -> list:
    out = []
    for record in records:
        fresh = type(record).objects.get(pk=record.pk)
        out.append(model_to_dict(fresh, exclude=["restricted_to"]))
    return out


class ActionContractTest(CaseTestCase):
    def actions(self):
        found = registered_actions()
        self.assertGreaterEqual(len(found), 15)  # the cases app alone has more
        return found

    def spec(self, name) -> ActionSpec:
        factory = specs_for(app_label_of(name)).get(name)
        self.assertIsNotNone(
            factory, f"{name} has no spec in tests/{app_label_of(name)}/action_specs.py"
        )
        return factory(self)

    def test_every_action_has_a_spec(self):
        missing = [name for name in self.actions() if name not in specs_for(app_label_of(name))]
        self.assertEqual(missing, [], "actions without a spec in tests/<app>/action_specs.py")

    def test_every_action_is_keyword_only_and_durable(self):
        for name, function in self.actions().items():
            with self.subTest(name):
                self.assertTrue(getattr(function, "is_action", False))
                with self.assertRaises(TypeError):
                    function(object())  # positional: refused

    def test_the_allowed_call_writes_its_audit_row(self):
        for name, function in self.actions().items():
            with self.subTest(name):
                spec = self.spec(name)
                before = AuditLog.objects.order_by("-id").values_list("id", flat=True).first()
                result = function(**spec.allowed)
                obj = spec.audited_object(result, spec.allowed)
                rows = AuditLog.objects.filter(id__gt=before or 0, event=spec.event)
                self.assertTrue(
                    rows.filter(
                        object_type=obj._meta.label_lower,
                        object_id=str(obj.pk),
                        acting_user=spec.allowed["acting_user"],
                    ).exists(),
                    f"{name}: no {spec.event} row for {obj._meta.label_lower} {obj.pk}",
                )

    def test_another_agencys_record_is_not_found_and_nothing_changes(self):
        for name, function in self.actions().items():
            with self.subTest(name):
                spec = self.spec(name)
                if spec.other_agency is None:
                    self.assertTrue(spec.no_record, f"{name}: give other_agency or no_record")
                    continue
                records = [
                    v for v in spec.other_agency.values() if hasattr(v, "_meta") and v.pk
                ] + list(spec.other_records)
                records = [r for r in records if r._meta.label != "accounts.User"]
                counts, state = _world_counts(), _snapshot(records)
                with self.assertRaises(RecordNotFound):
                    function(**spec.other_agency)
                self.assertEqual(_world_counts(), counts, f"{name}: rows changed")
                self.assertEqual(_snapshot(records), state, f"{name}: the record changed")
