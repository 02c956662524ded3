"""A batch is scored by a real Celery worker through Redis, not in the test's process.

Starts a worker (prefork pool, two processes, as in production: one per core) on a queue of
its own against Redis on 127.0.0.1, uploads a batch without scoring it, sends the scoring task
to that queue and checks that the worker's child processes stored every chunk (each chunk
records the pid that stored it) and linked the networks. Without the worker the task times
out and the batch stays queued, so the test fails. It needs a database the worker can share: PostgreSQL
(an in-memory SQLite test database lives inside the test's process). Skipped without Redis
or PostgreSQL, unless RIHAI_REQUIRE_REDIS=1 (then a missing Redis fails).
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
from celery import Celery
from django.db import connection

from tests.base import make_user

from .helpers import ADS, jsonl

REDIS_URL = os.environ.get("RIHAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(transactional_db):
    if not _redis_answers():
        if os.environ.get("RIHAI_REQUIRE_REDIS") == "1":
            pytest.fail(f"RIHAI_REQUIRE_REDIS=1 but no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: run on PostgreSQL")
    queue = f"rihai-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),  # the test database itself, not the one it is named after
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # The chunk tasks the batch task queues go to this worker's queue too.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue]
    command += ["--pool", "prefork", "--concurrency", "2"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
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


def _world():
    """What a transactional test finds after another one flushed the migrations' rows."""
    from rihai.accounts.models import Agency, AgencyType, Role, RolePermission
    from rihai.accounts.roles import install_default_roles
    from rihai.audit.models import AuditChainHead
    from rihai.geo.models import Province

    AuditChainHead.objects.get_or_create(id=1)
    install_default_roles(Role, RolePermission)
    province, _ = Province.objects.get_or_create(
        iso_code="PK-PB", defaults={"code": "PK6", "name_en": "Punjab", "name_ur": "پنجاب"}
    )
    agency = Agency.objects.create(
        name="Worker Test FIA", code="WFIA", agency_type=AgencyType.FIA_AHTC, province=province
    )
    return make_user(agency, "investigator", username="worker-investigator")


def test_a_real_worker_scores_the_batch(worker):
    from rihai.screening import actions
    from rihai.screening.models import Ad, AdBatch, AdBatchChunk

    process, queue = worker
    investigator = _world()
    with mock.patch("rihai.screening.tasks.enqueue_scoring"):  # nothing scores it in this process
        batch, _ = actions.do_upload_ad_batch(acting_user=investigator, content=jsonl(ADS))
    assert AdBatch.objects.get(pk=batch.pk).status == "queued"
    assert Ad.objects.count() == 0

    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    answer = client.send_task("rihai.screening.score_batch", args=[batch.pk, 1], queue=queue).get(
        timeout=120
    )
    assert answer["chunks"] == 3  # one ad per chunk: three chunk tasks
    deadline = time.monotonic() + 120
    while AdBatch.objects.get(pk=batch.pk).status != "done" and time.monotonic() < deadline:
        time.sleep(0.5)
    batch.refresh_from_db()
    assert (batch.status, batch.ads_new) == ("done", 3)
    assert Ad.objects.count() == 3
    # Every chunk was stored by a child process of the worker, never by this process.
    pids = {int(c.scored_by.split("@")[0]) for c in AdBatchChunk.objects.filter(batch=batch)}
    assert os.getpid() not in pids
    assert {_parent_of(pid) for pid in pids} == {process.pid}
    assert _parent_of(answer["pid"]) == process.pid
    # The chunk that finished the batch queued the network update, which the worker ran.
    while Ad.objects.filter(template_root=None).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not Ad.objects.filter(template_root=None).exists()


def _parent_of(pid: int) -> int:
    """The parent pid, from /proc (a worker's children may have exited: then 0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])
