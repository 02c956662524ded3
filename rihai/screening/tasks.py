"""Background scoring of ad batches (Celery; eager in the embedded default).

A task receives ids, never ads: the broker is not encrypted storage. ``score_batch`` splits
the batch's stored file into chunks once (``do_split_ad_batch``) and queues one
``score_batch_chunk`` task per chunk not stored yet, so a prefork worker's processes
(``--concurrency`` = the cores) score a batch side by side. Each chunk task scores outside
any transaction, then stores through ``do_score_ad_chunk``, which ignores a chunk already
stored and stops at a cancelled batch; the chunk that completes the batch queues the network
update. Running ``score_batch`` again re-queues only the chunks not stored (resume).

Eager (the embedded default), the chunks run one after another in the caller's process;
there ``SCREENING_SCORING_JOBS`` processes (default: the CPU count) score the next chunks
while this one stores them, as before.
"""

import functools
import multiprocessing
import os
import socket

from celery import shared_task
from django.conf import settings
from django.dispatch import receiver

from adscreen.pipeline import map_ordered

from .ingest import CHUNK_SIZE, records_from_text, score_records
from .models import AdBatch, AdBatchChunk
from .retrain import active_model_path
from .signals import batch_uploaded, registry_applied

FINISHED = (AdBatch.Status.DONE, AdBatch.Status.CANCELLED)


@shared_task(name="rihai.screening.score_batch")
def score_batch(batch_id: int, chunk_size: int = CHUNK_SIZE) -> dict:
    from .actions import do_split_ad_batch

    batch = AdBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status in FINISHED:
        return _answer(batch)
    batch = do_split_ad_batch(batch=batch, acting_user=batch.uploaded_by, chunk_size=chunk_size)
    pending = list(
        AdBatchChunk.objects.filter(batch=batch, done=False)
        .order_by("end_line")
        .values_list("pk", flat=True)
    )
    if runs_eagerly():
        _score_here(batch, pending)
    else:
        for chunk_id in pending:
            score_batch_chunk.delay(chunk_id)
    batch.refresh_from_db()
    return {**_answer(batch), "chunks": len(pending)}


@shared_task(name="rihai.screening.score_batch_chunk")
def score_batch_chunk(chunk_id: int) -> dict:
    """Scores and stores one chunk (in whichever worker process takes it)."""
    chunk = AdBatchChunk.objects.select_related("batch__uploaded_by").get(pk=chunk_id)
    batch = chunk.batch
    if chunk.done or batch.status in FINISHED:
        return _answer(batch)
    scored = None
    if not batch.cancel_requested:  # a cancelled batch is not scored any further
        scored = score_records(records_from_text(chunk.records), active_model_path())
    return _answer(_store(chunk, scored))


def _store(chunk: AdBatchChunk, scored) -> AdBatch:
    from .actions import do_score_ad_chunk

    user = chunk.batch.uploaded_by
    batch = do_score_ad_chunk(
        chunk=chunk, acting_user=user, scored=scored, scored_by=f"{os.getpid()}@{_host()}"
    )
    if batch.status == AdBatch.Status.DONE and chunk.batch.status != AdBatch.Status.DONE:
        # This chunk completed the batch: its ads join the networks. (A repeated task may
        # queue it twice; the second run finds nothing new to link.)
        link_networks.delay(user.pk)
    elif batch.status == AdBatch.Status.RUNNING and not runs_eagerly():
        # Every few chunks the ads stored so far join the networks while the other worker
        # processes score on, so that little is left to link when the last chunk is in.
        # Skipped when an update is already running (it or the last one links these too).
        if batch.chunks.filter(done=True).count() % LINK_EVERY_CHUNKS == 0:
            link_networks.delay(user.pk, wait=False)
    chunk.batch = batch
    return batch


def _score_here(batch: AdBatch, chunk_ids: list[int]) -> None:
    """Eager: this process stores the chunks in order while worker processes score ahead."""
    chunks = list(AdBatchChunk.objects.filter(pk__in=chunk_ids).order_by("end_line"))
    for chunk in chunks:
        chunk.batch = batch
    # With the model in use when the batch started (by path: each process loads it once).
    score = functools.partial(_score_text, active_model_path())
    scored_chunks = map_ordered(score, [c.records for c in chunks], jobs=scoring_jobs(len(chunks)))
    try:
        for chunk, scored in zip(chunks, scored_chunks, strict=True):
            batch = _store(chunk, scored)
            for later in chunks:
                later.batch = batch
            if batch.status in FINISHED:
                break
    finally:
        scored_chunks.close()  # a cancelled batch stops its worker processes too


def _score_text(model_path: str | None, records_text: str) -> list[dict]:
    return score_records(records_from_text(records_text), model_path)


def runs_eagerly() -> bool:
    """Celery runs tasks in the caller's process (the embedded default, and tests)."""
    return bool(score_batch_chunk.app.conf.task_always_eager)


def _host() -> str:
    return socket.gethostname()[:40]


def scoring_jobs(chunks: int) -> int:
    """How many processes score an eager batch: ``SCREENING_SCORING_JOBS`` (default: the CPU
    count), one for a batch of a single chunk, and one inside a daemonic process."""
    wanted = int(getattr(settings, "SCREENING_SCORING_JOBS", 0) or os.cpu_count() or 1)
    if chunks < 2 or multiprocessing.current_process().daemon:
        return 1
    return max(1, min(wanted, chunks))


LINK_EVERY_CHUNKS = 10  # 5,000 ads: links while scoring goes on, without an update per chunk


@shared_task(name="rihai.screening.link_networks")
def link_networks(user_id: int, wait: bool = True) -> dict | None:
    """The new ads join networks, as the user whose batch brought them."""
    from rihai.accounts.models import User

    return update_networks(User.objects.get(pk=user_id), wait=wait)


def update_networks(user, *, wait: bool = True) -> dict | None:
    """The new ads join networks. Needs (ad, change) at ALL; without it the next batch of
    someone who holds it (or ``do_update_networks`` run by hand) catches up."""
    from rihai.accounts.access import RecordNotFound

    from .actions import do_update_networks

    if not user.can("ad", "change"):
        return None
    try:
        return do_update_networks(acting_user=user, wait=wait)
    except RecordNotFound:
        return None


def _answer(batch: AdBatch) -> dict:
    # pid: the test that proves a real worker ran the task compares it with the worker's.
    return {"batch": batch.pk, "status": batch.status, "new": batch.ads_new, "pid": os.getpid()}


@receiver(batch_uploaded)
def _batch_uploaded(sender, batch_id: int, **_kwargs) -> None:
    enqueue_scoring(batch_id)


def enqueue_scoring(batch_id: int) -> None:
    """Queues the scoring (runs it at once when Celery is eager, as in the embedded default)."""
    score_batch.delay(batch_id)


@shared_task(name="rihai.screening.reflag_ads")
def reflag_ads(import_id: int) -> dict:
    """Re-flags the ads citing licences an applied registry import added or changed."""
    from .actions_reflag import do_reflag_ads
    from .models import RegistryImport

    registry_import = RegistryImport.objects.select_related("applied_by").get(pk=import_id)
    return do_reflag_ads(registry_import=registry_import, acting_user=registry_import.applied_by)


@shared_task(name="rihai.screening.expire_licences")
def expire_licences() -> dict:
    """Daily (beat): ads citing a licence that expired by date since the last run get
    ``licence-expired``, audited as the system."""
    from rihai.core.request_context import acting_through

    from .actions_reflag import do_reflag_expired_licences

    with acting_through("system"):
        return do_reflag_expired_licences(acting_user=None)


@receiver(registry_applied)
def _registry_applied(sender, import_id: int, **_kwargs) -> None:
    reflag_ads.delay(import_id)


@shared_task(name="rihai.screening.train_model")
def train_model(user_id: int, synthetic: int = 1500) -> int:
    """Retrains in the background (minutes of CPU); the candidate appears on the models page."""
    from rihai.accounts.models import User

    from .actions_models import do_train_model

    return do_train_model(acting_user=User.objects.get(pk=user_id), synthetic=synthetic).pk
