"""One runner for every app's action specs (the action contract).

A spec builds its world with the app's test helpers and says how to call the action::

    ActionSpec(allowed={...}, event="record-changed", audited_object=..., other_agency={...})

or, in the older dict form, ``{"allowed": ..., "other_agency": ..., "event": ...}`` (with
``why_no_agency`` or ``no_record`` when the action names no existing record). Every spec is
checked the same way, whichever app it belongs to:

- the allowed call writes its audit row with that event by that acting user (and names the
  record, when the spec says which one);
- the refused call (another agency's record, or a role without the grant where the action is
  not scoped by agency) raises the spec's ``refusal`` (``RecordNotFound`` by default, so a page
  and an action answer alike) and changes nothing: no row added or removed in any table, the
  named records' fields as before, no audit row.

An app's test module subclasses ``ActionSpecChecks`` with its own test world and calls
``add_spec_tests(cls, SPECS)``; the foundation test checks that every registered action has a
spec somewhere.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.forms.models import model_to_dict

from rihai.accounts.access import RecordNotFound
from rihai.audit.models import AuditLog
from rihai.core.actions import registered_actions


@dataclass
class ActionSpec:
    allowed: dict  # keyword arguments of an allowed call (acting_user included)
    event: str  # the audit event the allowed call writes
    audited_object: Callable | None = None  # (result, allowed kwargs) -> the record the row names
    other_agency: dict | None = None  # the same call on a record out of the user's scope
    no_record: str = ""  # why there is no refused call (the action changes no existing record)
    other_records: list = field(default_factory=list)  # records that must stay unchanged
    refusal: type[Exception] = RecordNotFound  # what the refused call raises


def refused_with(
    allowed: dict,
    instead: dict,
    *,
    event: str,
    audited_object: Callable | None = None,
    other_records=(),
    refusal: type[Exception] = RecordNotFound,
) -> ActionSpec:
    """The usual spec: the allowed call, and the very same call with ``instead`` swapped in
    (another agency's record, or a user without the grant), which must be refused."""
    return ActionSpec(
        allowed=allowed,
        event=event,
        audited_object=audited_object,
        other_agency={**allowed, **instead},
        other_records=list(other_records),
        refusal=refusal,
    )


def the_result(result, _kwargs):
    """``audited_object`` when the action returns the record its audit row names."""
    return result


def the_kwarg(name: str) -> Callable:
    """``audited_object`` when the row names the record passed as ``name``."""
    return lambda _result, kwargs: kwargs[name]


def key(action) -> str:
    """The registry's name of ``action`` (``rihai.cases.actions.persons.do_update_person``),
    so a spec follows its action when a module is split or renamed."""
    return f"{action.__module__}.{action.__name__}"


def as_spec(value) -> ActionSpec:
    """An ``ActionSpec`` from either form."""
    if isinstance(value, ActionSpec):
        return value
    return ActionSpec(
        allowed=value["allowed"],
        event=value["event"],
        audited_object=value.get("audited_object"),
        other_agency=value.get("other_agency"),
        no_record=value.get("no_record") or value.get("why_no_agency", ""),
        other_records=list(value.get("other_records", [])),
        refusal=value.get("refusal", RecordNotFound),
    )


def world_counts() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "contenttypes", "admin")
    }


def snapshot(records) -> list:
    out = []
    for record in records:
        fresh = type(record).objects.get(pk=record.pk)
        out.append(model_to_dict(fresh, exclude=["restricted_to"]))
    return out


class ActionSpecChecks:
    """Mixed into a TestCase that builds the app's world (the specs call its helpers)."""

    def check_allowed(self, name: str, spec: ActionSpec) -> None:
        function = registered_actions()[name]
        before = AuditLog.objects.order_by("-id").values_list("id", flat=True).first()
        result = function(**spec.allowed)
        rows = AuditLog.objects.filter(
            id__gt=before or 0, event=spec.event, acting_user=spec.allowed["acting_user"]
        )
        if spec.audited_object is not None:
            obj = spec.audited_object(result, spec.allowed)
            rows = rows.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        self.assertTrue(rows.exists(), f"{name}: no {spec.event} audit row")

    def check_refused(self, name: str, spec: ActionSpec) -> None:
        if spec.other_agency is None:
            self.assertTrue(spec.no_record, f"{name}: give other_agency or no_record")
            return
        function = registered_actions()[name]
        records = [v for v in spec.other_agency.values() if hasattr(v, "_meta") and v.pk]
        records = [
            r for r in records + list(spec.other_records) if r._meta.label != "accounts.User"
        ]
        counts, state = world_counts(), snapshot(records)
        with self.assertRaises(spec.refusal):
            function(**spec.other_agency)
        self.assertEqual(world_counts(), counts, f"{name}: rows changed")
        self.assertEqual(snapshot(records), state, f"{name}: the record changed")


def add_spec_tests(cls, specs: dict) -> None:
    """Adds two tests per action to ``cls``: its refusal (run first, on a fresh world) and its
    allowed call."""

    def refused(name):
        def test(self):
            self.check_refused(name, as_spec(specs[name](self)))

        return test

    def allowed(name):
        def test(self):
            self.check_allowed(name, as_spec(specs[name](self)))

        return test

    for name in specs:
        short = name.rsplit(".", 1)[1]
        setattr(cls, f"test_{short}_refuses_out_of_scope", refused(name))
        setattr(cls, f"test_{short}_writes_its_audit_row", allowed(name))
