"""Ad batches: upload, the split into chunks, each chunk's scoring, cancellation.

One ``@action`` per change, as in ``actions.py`` (which re-exports these). The Celery tasks
that drive them are in ``tasks.py``: a batch is split once, then its chunks are scored by as
many worker processes as there are, in any order.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rihai.accounts.access import RecordNotFound, require
from rihai.audit.actions import record_audit
from rihai.core.actions import action
from rihai.core.encryption import blind_index

from . import bulk, ingest, queries
from .models import AdBatch, AdBatchChunk, Promoter
from .resources import Event, Resource
from .signals import batch_uploaded


@action
def do_upload_ad_batch(*, acting_user, content: bytes, file_name: str = "") -> tuple[AdBatch, bool]:
    """Stores an ad file as a batch and queues its scoring; (batch, created).

    The same file uploaded again by the same agency returns the first batch (created False):
    a batch uploaded twice duplicates nothing.
    """
    require(acting_user, Resource.AD, "create")
    if acting_user.agency_id is None:
        raise RecordNotFound
    try:
        file_format = ingest.detect_format(content)
    except ingest.AdFileError as exc:
        raise ValidationError(str(exc)) from None
    file_hash = blind_index(hashlib.sha256(content).hexdigest())
    existing = AdBatch.objects.filter(agency_id=acting_user.agency_id, file_hash=file_hash).first()
    if existing is not None:
        return existing, False
    # Bytes that are not UTF-8 become U+FFFD: the ciphertext needs text, and the rest of the
    # line is still screened.
    text = content.decode("utf-8", "replace")
    batch = AdBatch.objects.create(
        agency_id=acting_user.agency_id,
        uploaded_by=acting_user,
        file_name=file_name[:200],
        file_format=file_format,
        file_hash=file_hash,
        payload=text,
        total_lines=ingest.count_lines(content),
    )
    record_audit(
        event=Event.BATCH_UPLOADED,
        acting_user=acting_user,
        obj=batch,
        extra={"lines": batch.total_lines, "format": file_format},
    )
    # After commit: the worker must find the batch. tasks.py queues the scoring.
    transaction.on_commit(lambda: batch_uploaded.send(sender=AdBatch, batch_id=batch.pk))
    return batch, True


def _locked_batch(acting_user, batch) -> AdBatch:
    locked = (
        queries.visible_batches(acting_user, "create")
        .select_for_update(no_key=True)  # as the chunks do (see do_score_ad_chunk)
        .filter(pk=batch.pk)
        .first()
    )
    if locked is None:
        raise RecordNotFound
    return locked


def _promoters_of(licences) -> dict:
    return {p.licence: p for p in Promoter.objects.filter(licence__in=list(licences))}


@action
def do_split_ad_batch(
    *, batch: AdBatch, acting_user, chunk_size: int = ingest.CHUNK_SIZE
) -> AdBatch:
    """Reads a queued batch's file once and stores it as chunks, each scored by its own task.

    A batch already split (a retried task) is returned as it is: its chunks stay the same.
    """
    locked = _locked_batch(acting_user, batch)
    if locked.status != AdBatch.Status.QUEUED or locked.cancel_requested:
        return locked
    chunks = [
        AdBatchChunk(
            batch=locked,
            start_line=start,
            end_line=chunk.end_line,
            records=ingest.records_to_text(chunk.records),
            rejects=chunk.rejects,
        )
        for start, chunk in _with_starts(
            ingest.chunks_from(locked.payload.encode("utf-8"), locked.file_format, size=chunk_size)
        )
    ]
    AdBatchChunk.objects.bulk_create(chunks, batch_size=100)
    locked.status, locked.chunks_total = AdBatch.Status.RUNNING, len(chunks)
    locked.save(update_fields=["status", "chunks_total"])
    record_audit(
        event=Event.BATCH_SPLIT,
        acting_user=acting_user,
        obj=locked,
        extra={"chunks": len(chunks), "chunk_size": chunk_size},
    )
    return locked


def _with_starts(chunks):
    start = 0
    for chunk in chunks:
        # chunks_from ends with a chunk reaching the last line, empty when a full chunk
        # already did: nothing to score there.
        if chunk.end_line > start or chunk.records or chunk.rejects:
            yield start, chunk
        start = chunk.end_line


@action
def do_score_ad_chunk(
    *, chunk: AdBatchChunk, acting_user, scored: list[dict] | None = None, scored_by: str = ""
) -> AdBatch:
    """Stores one scored chunk of a batch and counts it on the batch; the chunk that
    completes the batch marks it done.

    ``scored``: ``ingest.score_records`` of the chunk's records, computed before the
    transaction (the CPU part runs outside any lock); else scored here.

    Idempotent: a chunk already stored (a retried or repeated task) changes nothing. A
    batch whose cancellation was asked for stores no more chunks.
    """
    # of=self: only the chunk's row. Locking its batch here too (PostgreSQL would, through
    # the scope check) would make the chunks of a batch store one after another.
    locked_chunk = (
        AdBatchChunk.objects.select_for_update(of=("self",))
        .filter(pk=chunk.pk, batch__in=queries.visible_batches(acting_user, "create"))
        .first()
    )
    if locked_chunk is None:
        raise RecordNotFound
    batch = AdBatch.objects.get(pk=locked_chunk.batch_id)
    if locked_chunk.done or batch.status in (AdBatch.Status.DONE, AdBatch.Status.CANCELLED):
        return batch
    if batch.cancel_requested:
        batch = AdBatch.objects.select_for_update(no_key=True).get(pk=batch.pk)
        if batch.status != AdBatch.Status.CANCELLED:
            batch.status, batch.finished_on = AdBatch.Status.CANCELLED, timezone.now()
            batch.save(update_fields=["status", "finished_on"])
        return batch
    records = ingest.records_from_text(locked_chunk.records)
    ads = list(
        ingest.screen_into_ads(records, batch=batch, promoters_of=_promoters_of, scored=scored)
    )
    # Chunks of one batch are stored side by side: a text in two of them is stored by the
    # first to commit and counted as known by the other (ON CONFLICT DO NOTHING).
    new = bulk.insert_ads(ads)
    # The batch row last (lock order: chunk, batch, audit head): counters and the finish.
    # NO KEY UPDATE: does not wait for the key-share locks the other chunks' ads hold on
    # the batch row (their foreign keys), which would deadlock two chunks finishing at once.
    locked = AdBatch.objects.select_for_update(no_key=True).get(pk=batch.pk)
    locked_chunk.done, locked_chunk.finished_on = True, timezone.now()
    locked_chunk.scored_by = scored_by[:80]
    locked_chunk.save(update_fields=["done", "finished_on", "scored_by"])
    locked.ads_new += new
    locked.ads_seen_before += len(records) - new
    rejects = [*locked.rejects, *locked_chunk.rejects][:10_000]
    locked.rejects = sorted(rejects, key=lambda r: r["line"])
    locked.cursor += locked_chunk.end_line - locked_chunk.start_line
    done = not locked.chunks.filter(done=False).exists()
    locked.status = AdBatch.Status.DONE if done else AdBatch.Status.RUNNING
    locked.finished_on = timezone.now() if done else None
    locked.save(
        update_fields=[
            "ads_new",
            "ads_seen_before",
            "rejects",
            "cursor",
            "status",
            "finished_on",
        ]
    )
    record_audit(
        event=Event.BATCH_CHUNK_SCORED,
        acting_user=acting_user,
        obj=locked,
        extra={
            "from_line": locked_chunk.start_line,
            "to_line": locked_chunk.end_line,
            "new": new,
            "rejected": len(locked_chunk.rejects),
        },
    )
    return locked


@action
def do_cancel_ad_batch(*, batch: AdBatch, acting_user) -> AdBatch:
    """Asks the scoring to stop; it stops between chunks, keeping the ads already stored."""
    locked = _locked_batch(acting_user, batch)
    if locked.status in (AdBatch.Status.DONE, AdBatch.Status.CANCELLED):
        raise ValidationError(_("This batch has already finished."))
    locked.cancel_requested = True
    if locked.status == AdBatch.Status.QUEUED:
        locked.status, locked.finished_on = AdBatch.Status.CANCELLED, timezone.now()
    locked.save(update_fields=["cancel_requested", "status", "finished_on"])
    record_audit(
        event=Event.BATCH_CANCELLED,
        acting_user=acting_user,
        obj=locked,
        extra={"at_line": locked.cursor},
    )
    return locked
