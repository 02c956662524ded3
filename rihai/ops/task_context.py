"""Background jobs run under the request id of the request that started them, and retry.

The id travels as a message header (``rihai_request_id``, set when the task is published,
never personal data); the worker reads it before the task runs, so the job's log lines and
audit rows carry the same id as the request's (``X-Request-ID``): one id finds both. A task
published outside any request (beat) runs under a fresh id. Eager tasks (the laptop default)
run inside the caller's context and need none of this.

``RihaiTask`` is every task's base (``config/celery.py``): a task that loses PostgreSQL or
Redis while it runs is retried with exponential backoff and jitter (2 s, 4 s, 8 s ... at most
5 minutes apart, 8 times, about 8.5 minutes in all) instead of failing; with
``task_acks_late`` its message stays on the queue until it finished or was re-queued, so the
job is not lost when the worker itself dies. Tasks must be safe to run twice (they are:
they take ids and skip what is done).
"""

import re

from celery import Task
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from rihai.core import request_context

HEADER = "rihai_request_id"
_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")
_entered: dict[str, object] = {}  # task id: its entered acting_through

TRANSIENT = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError)


class RihaiTask(Task):
    autoretry_for = TRANSIENT
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 8


@before_task_publish.connect
def _add_request_id(headers=None, **kwargs):
    if headers is not None and HEADER not in headers:
        headers[HEADER] = request_context.current().request_id


@task_prerun.connect
def _enter_request(task_id=None, task=None, **kwargs):
    request_id = getattr(getattr(task, "request", None), HEADER, None)
    if task is None or task.request.is_eager or not isinstance(request_id, str):
        return
    if not _ID.match(request_id):  # a header is input: only an id-shaped value is used
        return
    entered = request_context.acting_through("system", request_id=request_id)
    entered.__enter__()  # left in _leave_request, when the task has run
    _entered[task_id] = entered


@task_postrun.connect
def _leave_request(task_id=None, **kwargs):
    entered = _entered.pop(task_id, None)
    if entered is not None:
        entered.__exit__(None, None, None)
