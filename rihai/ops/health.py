"""Readiness checks: each answers ok or not, with no detail a stranger could use.

The reason a check failed goes to the log (for the operator), never into the answer: /readyz
is unauthenticated, so it names its checks and nothing else (no hosts, paths or errors).
"""

import logging
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger("rihai.ops.health")


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("unexpected answer")


def check_cache() -> None:
    key = f"rihai-readyz-{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def broker_configured() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER and not settings.CELERY_BROKER_URL.startswith(
        "memory://"
    )


def check_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _free_space_dirs() -> list[Path]:
    dirs = [Path(settings.MEDIA_ROOT), Path(settings.BASE_DIR) / "var"]
    return [d for d in dirs if d.exists()] or [Path(settings.BASE_DIR)]


def check_disk() -> None:
    minimum = settings.READYZ_MIN_FREE_MB * 1024 * 1024
    for directory in _free_space_dirs():
        if shutil.disk_usage(directory).free < minimum:
            raise RuntimeError(f"less than {settings.READYZ_MIN_FREE_MB} MB free")


def check_audit_head() -> None:
    head = apps.get_model("audit", "AuditChainHead")._base_manager.filter(id=1)
    if not head.values_list("last_id", flat=True).exists():
        raise RuntimeError("the audit chain head is missing")


def check_audit_journal() -> None:
    """Views of personal data waiting too long to be sealed: the sealer (celery beat, or
    ``audit_seal``) is not running. Advisory: the views are safe in the journal, and taking
    every web process out of the pool would not start the sealer."""
    from rihai.audit.journal import backlog

    waiting, age = backlog()
    if age > settings.AUDIT_JOURNAL_MAX_UNSEALED_SECONDS:
        raise RuntimeError(f"{waiting} audit journal rows waiting, the oldest {age:.0f} s")


# Reported by /readyz, but a failure does not take the process out of the pool.
ADVISORY = {"audit_journal"}


def checks() -> dict[str, Callable[[], None]]:
    found = {"database": check_database, "cache": check_cache}
    if broker_configured():
        found["broker"] = check_broker
    found["disk"] = check_disk
    if apps.is_installed("rihai.audit"):
        found["audit_chain_head"] = check_audit_head
        found["audit_journal"] = check_audit_journal
    return found


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in checks().items():
        try:
            check()
            results[name] = True
        except Exception:  # noqa: BLE001 - any failure means not ready; logged for the operator
            logger.exception("readiness check %s failed", name)
            results[name] = False
    return results
