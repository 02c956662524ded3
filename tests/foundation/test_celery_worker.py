"""Background work really runs on a Celery worker through Redis when a broker is configured.

Starts a worker process against Redis on 127.0.0.1 with a queue of its own, sends it the
probe task and checks that the answer came from that worker's process: without the worker
the test times out and fails. Skipped where no Redis answers, unless RIHAI_REQUIRE_REDIS=1
(CI sets it), so the README's test command still passes on a machine without Redis.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

REDIS_URL = os.environ.get("RIHAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker():
    if not _redis_answers():
        if os.environ.get("RIHAI_REQUIRE_REDIS") == "1":
            pytest.fail(f"RIHAI_REQUIRE_REDIS=1 but no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    queue = f"rihai-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue]
    command += ["--pool", "solo", "--without-heartbeat", "--without-gossip", "--without-mingle"]
    command += ["-n", f"{queue}@%h", "--loglevel", "WARNING"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        yield process, queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_real_worker_runs_the_task(worker):
    process, queue = worker
    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    token = uuid.uuid4().hex
    answer = client.send_task("rihai.core.probe", args=[token], queue=queue).get(timeout=90)
    assert answer["token"] == token
    # The solo pool runs tasks in the worker's own process: this pid proves who ran it.
    assert answer["pid"] == process.pid
    assert answer["pid"] != os.getpid()


def test_the_embedded_default_runs_tasks_eagerly(settings):
    from rihai.core.tasks import probe

    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert probe.delay("here").get()["pid"] == os.getpid()
