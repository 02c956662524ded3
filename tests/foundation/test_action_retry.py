"""``@action`` runs an action again after a deadlock or serialization failure, a bounded number
of times, and never after any other error (any database: the failure is simulated)."""

import pytest
from django.db import OperationalError

from rihai.core import actions as contract


class _DatabaseError(Exception):
    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _failing(sqlstate):
    error = OperationalError("simulated")
    error.__cause__ = _DatabaseError(sqlstate)
    return error


@pytest.fixture
def flaky(monkeypatch):
    """An action failing with the given SQLSTATE the first ``times`` calls; unregistered after."""
    monkeypatch.setattr(contract.time, "sleep", lambda _s: None)
    made = []

    def make(sqlstate, times):
        calls = []

        def do_flaky_test_write(*, acting_user):
            calls.append(acting_user)
            if len(calls) <= times:
                raise _failing(sqlstate)
            return len(calls)

        run = contract.action(do_flaky_test_write)
        made.append(f"{do_flaky_test_write.__module__}.do_flaky_test_write")
        return run, calls

    yield make
    for key in made:
        contract.REGISTRY.pop(key, None)


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_is_retried_until_the_action_succeeds(flaky):
    run, calls = flaky("40P01", contract.ATTEMPTS - 1)
    assert run(acting_user=None) == contract.ATTEMPTS
    assert len(calls) == contract.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_retries_are_bounded(flaky):
    run, calls = flaky("40001", contract.ATTEMPTS)
    with pytest.raises(OperationalError):
        run(acting_user=None)
    assert len(calls) == contract.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried(flaky):
    run, calls = flaky("23505", 1)  # unique_violation: a real conflict, not a lost race
    with pytest.raises(OperationalError):
        run(acting_user=None)
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_the_next_actions_hooks_rerun_with_each_try_and_only_for_the_next_action(flaky):
    # core.idempotency claims its key in ``begin``: a retried action must claim it again (the
    # failed try rolled the claim back), and a later action of the same block must not.
    run, calls = flaky("40P01", 1)
    seen = []
    with contract.around_next_action(
        begin=lambda: seen.append("begin"), end=lambda result: seen.append(("end", result))
    ):
        assert run(acting_user=None) == 2
        assert run(acting_user=None) == 3
    assert seen == ["begin", "begin", ("end", 2)]
    assert len(calls) == 3
