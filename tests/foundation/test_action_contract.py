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


# Actions whose spec is not written yet, each with where its scope and audit are tested
# instead. The list may only shrink: an action missing from it and from the specs fails.
NOT_YET_SPECIFIED = {
    **{
        f"rihai.accounts.{name}": "accounts acts on users and agencies: scope, no "
        "self-escalation and the two-person rule are tested in tests/foundation/"
        "test_account_actions.py and test_admin_escalation.py"
        for name in (
            "actions.do_change_agency",
            "actions.do_change_own_password",
            "actions.do_change_role",
            "actions.do_change_user",
            "actions.do_create_agency",
            "actions.do_create_role",
            "actions.do_create_superuser",
            "actions.do_create_user",
            "actions.do_deactivate_user",
            "approvals.do_approve_request",
            "approvals.do_reject_request",
            "approvals.do_request_password_reset",
            "approvals.do_request_two_factor_reset",
            "two_factor.do_enrol_device",
            "two_factor.do_issue_enrolment_code",
        )
    },
    **{
        f"rihai.portal.actions.{name}": "tested in tests/portal/test_portal.py (anonymous "
        "submission holds no agency's record; intake scope in IntakeTest)"
        for name in ("do_submit_report", "do_add_to_report", "do_take_report", "do_triage_report")
    },
}


def app_label_of(action_name: str) -> str:
    """``rihai.cases.actions.do_x`` or ``rihai.referrals.actions.plans.do_x`` -> the app's label:
    the installed app whose package holds the action's module."""
    module = action_name.rsplit(".", 1)[0]
    owners = [c for c in apps.get_app_configs() if module.startswith(c.name + ".")]
    if owners:
        return max(owners, key=lambda c: len(c.name)).label
    return module.split(".")[1]


def runs_its_own_specs(label: str) -> bool:
    """The app's own test module runs its specs (they need that app's test world)."""
    from importlib.util import find_spec

    return any(
        find_spec(f"tests.{label}.{module}") is not None
        for module in ("test_action_specs", "test_action_contract")
    )


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

    def spec(self, name) -> ActionSpec | None:
        """The action's ActionSpec, or None where its app runs its own specs on its own world
        (tests/<app>/test_action_specs.py or test_action_contract.py) or it is listed in
        NOT_YET_SPECIFIED."""
        label = app_label_of(name)
        factory = specs_for(label).get(name)
        if factory is None:
            self.assertIn(name, NOT_YET_SPECIFIED, f"{name} has no spec")
            return None
        if runs_its_own_specs(label):
            return None
        spec = factory(self)
        return spec if isinstance(spec, ActionSpec) else None

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
                if spec is None:
                    continue
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
                if spec is None:
                    continue
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
