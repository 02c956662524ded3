"""Background jobs carry the request id of the request that started them, and retry when
PostgreSQL or Redis goes away.

The id test runs a real worker through Redis (the foundation's worker fixture): a task sent
inside a request context answers with that request's id. The retry test runs eagerly: a
task that loses the database twice succeeds on its third try.
"""

from django.db import OperationalError

from config.celery import app
from rihai.core.request_context import acting_through
from rihai.ops.task_context import RihaiTask
from tests.foundation.test_celery_worker import REDIS_URL, worker  # noqa: F401 - fixture

ATTEMPTS: list[int] = []


@app.task(name="tests.ops.flaky_database")
def flaky_database() -> int:
    ATTEMPTS.append(1)
    if len(ATTEMPTS) < 3:
        raise OperationalError("server closed the connection unexpectedly")
    return len(ATTEMPTS)


def test_every_task_retries_with_backoff_on_a_lost_database_or_broker():
    assert isinstance(flaky_database, RihaiTask)
    assert OperationalError in flaky_database.autoretry_for
    assert flaky_database.retry_backoff and flaky_database.retry_jitter
    ATTEMPTS.clear()
    # Eager (no worker): the retries run at once, in this process, when not propagated.
    propagates, app.conf.task_eager_propagates = app.conf.task_eager_propagates, False
    try:
        assert flaky_database.apply().get() == 3
    finally:
        app.conf.task_eager_propagates = propagates


def test_a_request_id_reaches_the_worker(worker):  # noqa: F811 - the fixture
    process, queue = worker
    # Not the current app: tasks elsewhere in the suite must still run eagerly.
    sender = app.__class__(
        "rihai-test-sender", broker=REDIS_URL, backend=REDIS_URL, set_as_current=False
    )
    with acting_through("web") as context:
        result = sender.send_task("rihai.ops.context_probe", queue=queue)
    answer = result.get(timeout=120)
    assert answer["pid"] == process.pid
    assert answer["request_id"] == context.request_id
