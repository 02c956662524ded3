"""The action contract: one public ``do_*`` function per state change, in every app.

A public action
- takes keyword-only arguments (``do_close_case(*, case, reason, acting_user)``);
- runs in its own durable transaction (``transaction.atomic(durable=True)``), so nobody can
  call it half-way through another write and a combination of steps is itself an action;
- re-checks the acting user's scope on the record it changes (through its app's access
  function, with ``select_for_update``), even when the view already did: an out-of-scope
  record raises the same ``RecordNotFound`` as a page;
- writes its audit row inside that transaction.

Under concurrency (PostgreSQL) every action follows one lock order, documented in
``docs/architecture.md``: the record's own rows first (in id order when there are several),
then the agency's reference counter, then the audit chain head last. Foreign-key checks run
immediately (``SET CONSTRAINTS ALL IMMEDIATE``), not at commit after the head is locked. Should
a deadlock or serialization failure still happen, ``@action`` owns the outermost transaction,
so it rolls back and runs the whole action again, a bounded number of times.

``@action`` enforces the first two and registers the function, so that
``tests/foundation/test_action_contract.py`` finds every action of every installed app and
checks that each writes its audit row and refuses another agency's record. Steps shared by
several actions are private functions (``_open_case``), never other public actions.
"""

import functools
import inspect
import logging
import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)

# Tries of one action when the database answers "deadlock" or "could not serialize":
# enough for a burst of writers on one agency, bounded so a real fault still surfaces.
ATTEMPTS = 4
# PostgreSQL SQLSTATEs after which the whole transaction may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
# What the caller asked to run inside the next action's transaction (``around_next_action``).
_HOOKS: ContextVar[tuple] = ContextVar("rihai_action_hooks", default=())
# What the running action asked to run should its transaction roll back (``on_rollback``).
_ON_ROLLBACK: ContextVar[list | None] = ContextVar("rihai_action_on_rollback", default=None)

REGISTRY: dict[str, Callable] = {}


class ActionContractError(TypeError):
    """An action was declared against the contract (positional arguments, wrong name)."""


def action(func: Callable) -> Callable:
    """Declares ``func`` a public action: keyword-only, durable-atomic, registered."""
    if not func.__name__.startswith("do_"):
        raise ActionContractError(f"{func.__qualname__}: a public action is named do_*")
    positional = [
        p.name
        for p in inspect.signature(func).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    if positional:
        raise ActionContractError(
            f"{func.__qualname__}: arguments must be keyword-only, not {positional}"
        )
    if "acting_user" not in inspect.signature(func).parameters:
        raise ActionContractError(f"{func.__qualname__}: an action names its acting_user")

    @functools.wraps(func)
    def run(**kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            rolled_back = []
            token = _ON_ROLLBACK.set(rolled_back)
            try:
                hooks = [hook for hook in _HOOKS.get() if not hook.spent]
                with transaction.atomic(durable=True):
                    _immediate_constraints()
                    for hook in hooks:
                        hook.begin()
                    result = func(**kwargs)
                    for hook in hooks:
                        hook.end(result)
                for hook in hooks:
                    hook.spent = True  # committed: a later action in the block runs without it
                return result
            except OperationalError as exc:
                if attempt == ATTEMPTS or not is_retryable(exc):
                    _run_after_rollback(func, rolled_back)
                    raise
                logger.warning("%s: %s, try %d again", func.__qualname__, exc.__class__, attempt)
                time.sleep(random.uniform(0, 0.02 * attempt))  # noqa: S311 - jitter, not secrecy
            except BaseException:
                _run_after_rollback(func, rolled_back)
                raise
            finally:
                _ON_ROLLBACK.reset(token)
        raise AssertionError("unreachable")

    REGISTRY[f"{func.__module__}.{func.__name__}"] = run
    run.is_action = True
    return run


def on_rollback(callback: Callable[[], None]) -> None:
    """Runs ``callback()`` after the running action's transaction rolled back (the action
    raised), outside it; never when the action commits, nor for an attempt that is retried.

    For what must outlive a refusal: the audit row of a check whose answer the refusal itself
    gives away (``cases.duplicates.refuse_unacknowledged_cnic``). Only inside an action."""
    pending = _ON_ROLLBACK.get()
    if pending is None:
        raise RuntimeError("on_rollback runs inside an action")
    pending.append(callback)


def _run_after_rollback(func, callbacks) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the action's own error is the one to raise
            logger.exception("%s: a callback after rollback failed", func.__qualname__)


class _Hook:
    def __init__(self, begin, end):
        self.begin = begin or (lambda: None)
        self.end = end or (lambda result: None)
        self.spent = False


@contextmanager
def around_next_action(*, begin: Callable | None = None, end: Callable | None = None):
    """Runs ``begin()`` first inside the transaction of the next action called in this block
    (before the action takes any lock) and ``end(result)`` after it returns, before it commits:
    what the caller records about the write (an API idempotency key) commits with it or not at
    all. Raising rolls the action back. Rerun with the action when it is retried; once the action
    committed, later actions in the block run without them."""
    token = _HOOKS.set((*_HOOKS.get(), _Hook(begin, end)))
    try:
        yield
    finally:
        _HOOKS.reset(token)


def is_retryable(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the transaction was rolled back and may rerun."""
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES


def _immediate_constraints() -> None:
    # Django declares foreign keys DEFERRABLE INITIALLY DEFERRED: checked at commit, when the
    # audit chain head is already locked, the check's share lock on the parent row (an agency)
    # comes after the head and inverts the lock order. Checked at each insert, it comes first.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def registered_actions() -> dict[str, Callable]:
    """Every public action of the installed apps (their ``actions`` modules imported)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.actions"
        if config.name.startswith(("rihai.", "tests.")) and find_spec(name) is not None:
            import_module(name)
    return dict(REGISTRY)


def as_step(public_action: Callable) -> Callable:
    """Another app's action, to run as one step of the calling action.

    Actions are durable (one transaction each), so one cannot call another. A composite action
    (a public report triaged into a case, say) runs the other action's body inside its own
    transaction instead: the body holds the grant and scope checks, the validation and the
    audit row, so they all still apply, and everything saves together or not at all. Refused
    outside a transaction, so a step can never run on its own half-way.
    """
    body = public_action.__wrapped__

    @functools.wraps(body)
    def step(**kwargs):
        if not transaction.get_connection().in_atomic_block:
            raise ActionContractError(f"{body.__qualname__} runs as a step only inside an action")
        return body(**kwargs)

    return step


@action
def do_mark_notifications_read(*, acting_user, ids: list[int] | None = None) -> int:
    """Marks the user's own notifications read (``ids``, or all of them); returns how many.

    Another user's notification id is the same ``RecordNotFound`` as a missing one."""
    from django.utils import timezone

    from rihai.accounts.access import RecordNotFound
    from rihai.audit.actions import record_audit

    from .models import Notification

    mine = Notification.objects.select_for_update().filter(recipient=acting_user)
    if ids is not None:
        ids = sorted({int(i) for i in ids})
        mine = mine.filter(pk__in=ids)
        if len(mine) != len(ids):
            raise RecordNotFound
    unread = [n.pk for n in mine if n.read is None]
    Notification.objects.filter(pk__in=unread).update(read=timezone.now())
    for pk in unread:
        record_audit(
            event="notification-read",
            acting_user=acting_user,
            object_type="core.notification",
            object_id=pk,
        )
    return len(unread)
