"""Background scoring of ad batches (Celery; eager in the embedded default).

The task receives a batch id, never ads: the broker is not encrypted storage. It reads the
batch's stored file, skips the lines already stored (resume after a crash or a retry) and
stores chunk by chunk through ``do_score_ad_chunk``, which checks for cancellation before
each chunk and ignores a chunk it has already stored.
"""

import functools
import multiprocessing
import os

from celery import shared_task
from django.conf import settings
from django.dispatch import receiver

from adscreen.pipeline import map_ordered

from .ingest import CHUNK_SIZE, chunks_from, score_chunk
from .models import AdBatch
from .retrain import active_model_path
from .signals import batch_uploaded, registry_applied


@shared_task(name="rihai.screening.score_batch")
def score_batch(batch_id: int, chunk_size: int = CHUNK_SIZE) -> dict:
    from .actions import do_score_ad_chunk

    batch = AdBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status in (AdBatch.Status.DONE, AdBatch.Status.CANCELLED):
        return _answer(batch)
    content = batch.payload.encode("utf-8")
    chunks = list(chunks_from(content, batch.file_format, after_line=batch.cursor, size=chunk_size))
    jobs = scoring_jobs(len(chunks))
    # Worker processes score the next chunks while this process stores the current one,
    # with the model in use when the batch started (by path: each process loads it once).
    score = functools.partial(score_chunk, model_path=active_model_path())
    scored_chunks = map_ordered(score, chunks, jobs=jobs)
    try:
        for chunk, scored in zip(chunks, scored_chunks, strict=True):
            batch = do_score_ad_chunk(
                batch=batch,
                records=chunk.records,
                rejects=chunk.rejects,
                end_line=chunk.end_line,
                acting_user=batch.uploaded_by,
                scored=scored,
            )
            if batch.status in (AdBatch.Status.DONE, AdBatch.Status.CANCELLED):
                break
    finally:
        scored_chunks.close()  # a cancelled batch stops its worker processes too
    if batch.status == AdBatch.Status.DONE and batch.uploaded_by.can("ad", "change"):
        update_networks(batch.uploaded_by)
    return _answer(batch)


def scoring_jobs(chunks: int) -> int:
    """How many processes score: ``SCREENING_SCORING_JOBS`` (default: the CPU count), one
    for a batch of a single chunk, and one inside a daemonic process (a Celery prefork
    child may not start processes of its own; run the worker with ``--pool=threads`` or
    ``solo`` to use them)."""
    wanted = int(getattr(settings, "SCREENING_SCORING_JOBS", 0) or os.cpu_count() or 1)
    if chunks < 2 or multiprocessing.current_process().daemon:
        return 1
    return max(1, min(wanted, chunks))


def update_networks(user) -> None:
    """The new ads join networks. Needs (ad, change) at ALL; without it the next batch of
    someone who holds it (or ``do_update_networks`` run by hand) catches up."""
    from rihai.accounts.access import RecordNotFound

    from .actions import do_update_networks

    try:
        do_update_networks(acting_user=user)
    except RecordNotFound:
        pass


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
