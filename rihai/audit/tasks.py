"""Background work of the audit log: sealing the journal of views into the chain."""

from celery import shared_task

from rihai.core.request_context import acting_through

from .journal import SEAL_TASK, seal_journal


@shared_task(name=SEAL_TASK)
def seal_journal_task() -> dict:
    """Moves waiting views into the chain (beat runs it every few seconds; web processes also
    ask for it after a read). Answers a count only."""
    with acting_through("system"):
        return {"sealed": seal_journal()}
