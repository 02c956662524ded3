"""A batch is scored by a real Celery worker through Redis, not in the test's process.

Starts a worker (solo pool) on a queue of its own against Redis on 127.0.0.1, uploads a batch
without scoring it, sends the scoring task to that queue and checks that the worker stored
the ads and answered from its own process. Without the worker the task times out and the
batch stays queued, so the test fails. It needs a database the worker can share: PostgreSQL
(an in-memory SQLite test database lives inside the test's process). Skipped without Redis
or PostgreSQL, unless RIHAI_REQUIRE_REDIS=1 (then a missing Redis fails).
"""

import os
import subprocess
import sys
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
    from rihai.screening.models import Ad, AdBatch

    process, queue = worker
    investigator = _world()
    with mock.patch("rihai.screening.tasks.enqueue_scoring"):  # nothing scores it in this process
        batch, _ = actions.do_upload_ad_batch(acting_user=investigator, content=jsonl(ADS))
    assert AdBatch.objects.get(pk=batch.pk).status == "queued"
    assert Ad.objects.count() == 0

    client = Celery(broker=REDIS_URL, backend=REDIS_URL, set_as_current=False)
    answer = client.send_task("rihai.screening.score_batch", args=[batch.pk], queue=queue).get(
        timeout=120
    )
    # The solo pool runs tasks in the worker's own process: this pid proves who scored it.
    assert answer["pid"] == process.pid != os.getpid()
    assert answer["status"] == "done"
    batch.refresh_from_db()
    assert (batch.status, batch.ads_new) == ("done", 3)
    assert Ad.objects.count() == 3
