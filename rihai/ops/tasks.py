"""Background work of operations: the audit chain checked by a worker (nightly, from beat)."""

import os
import socket

from celery import shared_task
from django.apps import apps

from rihai.core.request_context import acting_through


@shared_task(name="rihai.ops.verify_audit_chain")
def verify_audit_chain() -> dict:
    """Checks the whole audit chain; answers ids and counts only, and where it ran (the CI
    smoke test uses ``pid`` to prove a worker, not the web process, did the work)."""
    from rihai.audit.chain import verify_chain

    with acting_through("system"):
        problem = verify_chain()
        head = apps.get_model("audit", "AuditChainHead")._base_manager.filter(id=1).first()
    return {
        "intact": problem is None,
        "first_problem_row": getattr(problem, "row_id", None),
        "rows": head.last_id if head else 0,
        "pid": os.getpid(),
        "host": socket.gethostname(),
    }


@shared_task(name="rihai.ops.context_probe")
def context_probe() -> dict:
    """Answers the request id the job runs under and the process it ran in: proves that a
    request's id reaches its background jobs (tests/ops/test_task_context.py)."""
    from rihai.core.request_context import current

    return {"request_id": current().request_id, "pid": os.getpid()}
