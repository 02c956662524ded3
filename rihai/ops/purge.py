"""The purge: what has outlived its retention period is anonymised or deleted, one record per
transaction, each with its audit row, holds respected; a dry run only reports.

Resumable: every record done is noted in the ``Disposal`` ledger in the same transaction
as the change and its audit row, so a purge stopped half-way (a crash, a deploy) starts again
where it stopped and never disposes of a record twice. A record is re-checked under its
lock before it is changed (a case re-opened since the plan was made is left alone).

Not a ``@action``: the purge acts for the deployment (interface "cli", no user), not for a
user in a scope; the audit row names no acting user.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from rihai.audit.actions import record_audit
from rihai.core.plugins import RetentionRule, retention_rules

from .models import Disposal
from .queries import disposed_ids, held_ids

EVENTS = {"anonymise": "retention-anonymised", "delete": "retention-deleted"}


def periods() -> dict[str, int]:
    """{record type: days kept}: the apps' defaults, overridden by ``RETENTION_DAYS``."""
    rules = retention_rules()
    overrides = getattr(settings, "RETENTION_DAYS", {}) or {}
    unknown = sorted(set(overrides) - set(rules))
    if unknown:
        raise ImproperlyConfigured(
            f"RETENTION_DAYS names unknown record types {unknown}; known: {sorted(rules)}."
        )
    return {code: overrides.get(code, rule.default_days) for code, rule in rules.items()}


def recorded_id(object_id) -> str:
    """How the ledger, the audit row and the report name a record: its id when the id is a
    number, else a hash (a session's key is a bearer secret; it must not reach the chain)."""
    text = str(object_id)
    if text.isdigit():
        return text
    return "h:" + hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class RulePlan:
    rule: RetentionRule
    days: int
    cutoff: object
    due: list[str] = field(default_factory=list)  # ids to anonymise or delete
    held: dict[str, str] = field(default_factory=dict)  # id: why it is kept
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # no longer expired when locked

    def shown(self, ids) -> list[str]:
        return [recorded_id(i) for i in ids]


def plan(*, now=None) -> list[RulePlan]:
    """What a purge would do now, per rule; reads only."""
    now = now or timezone.now()
    plans = []
    for code, days in periods().items():
        rule = retention_rules()[code]
        cutoff = now - timedelta(days=days)
        candidates = import_string(rule.candidates)(cutoff)
        ids = [str(pk) for pk in candidates.order_by("pk").values_list("pk", flat=True)]
        already = disposed_ids(code)
        ids = [i for i in ids if recorded_id(i) not in already]
        held = {i: "manual-hold" for i in held_ids(code, ids)}
        if rule.held:
            for pk in import_string(rule.held)(ids):
                held.setdefault(str(pk), "rule-hold")
        plans.append(RulePlan(rule, days, cutoff, due=[i for i in ids if i not in held], held=held))
    return plans


def dispose_one(rule_plan: RulePlan, object_id: str) -> bool:
    """Anonymises or deletes one record with its ledger row and audit row, all or nothing."""
    rule = rule_plan.rule
    named = recorded_id(object_id)
    with transaction.atomic(durable=True):
        if Disposal.objects.filter(record_type=rule.code, object_id=named).exists():
            return False
        # The record's row first, locked through the rule's own candidates (so expiry is
        # re-checked at the same time); only then the holds. A hold is placed under the same
        # row lock (``do_place_hold`` locks the record), so one placed while the plan was
        # made, or while this purge waited for the lock, is seen here: checking before the
        # lock would read a hold not yet committed as absent.
        if not _lock_if_still_expired(rule, object_id, rule_plan.cutoff):
            return False
        if held_ids(rule.code, [object_id]):  # placed since the plan was made
            return False
        if rule.held and import_string(rule.held)([object_id]):  # e.g. named in a new case
            return False
        if not import_string(rule.dispose)(object_id, rule_plan.cutoff):
            return False
        Disposal.objects.create(record_type=rule.code, object_id=named, disposal=rule.disposal)
        record_audit(
            event=EVENTS[rule.disposal],
            object_type=rule.code,
            object_id=named,
            extra={"rule": rule.code, "days": rule_plan.days},
        )
    return True


def _lock_if_still_expired(rule: RetentionRule, object_id: str, cutoff) -> bool:
    """Locks the record's row (PostgreSQL; SQLite has one writer), then asks again, in a new
    statement, whether it is still a candidate.

    Twice, because a lock that had to wait re-checks only the locked row's own columns: the
    rule's subqueries (an accusation, a lead, a case) are still read as they were when the
    statement began, before the transaction it waited for committed. The second statement
    sees what that transaction wrote (``tests/ops/test_purge_concurrency.py``: a suspect named
    in a new investigation while the purge waited was anonymised without it — seen)."""
    candidates = import_string(rule.candidates)(cutoff)
    locked = candidates.select_for_update(of=("self",)).filter(pk=object_id)
    if not list(locked.values_list("pk", flat=True)[:1]):
        return False
    return import_string(rule.candidates)(cutoff).filter(pk=object_id).exists()


def purge(*, now=None, dry_run: bool = False) -> list[RulePlan]:
    plans = plan(now=now)
    if dry_run:
        return plans
    for rule_plan in plans:
        for object_id in rule_plan.due:
            if dispose_one(rule_plan, object_id):
                rule_plan.done.append(object_id)
            else:
                rule_plan.skipped.append(object_id)
    return plans
