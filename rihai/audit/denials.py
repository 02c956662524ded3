"""Refused requests and failed sign-ins, counted per minute and then written to the chain.

Who was refused, which kind of record and which id they asked for is kept; whether that record
exists is not (a 404 for "missing" and for "not yours" is recorded the same way). A flood is
aggregated: one open ``DenialBucket`` per actor, event, kind, read-or-write and minute holds a
count and up to ``AUDIT_DENIAL_SAMPLE_IDS`` sample ids; once its minute has passed it becomes a
single chain row. The bucket is found and locked with ``select_for_update`` (and created under
a unique constraint), so several web processes and simultaneous requests count correctly.

Failed sign-ins keep no typed username unless it names a real account (then its id): an
invented username may be a mistyped password or a survivor's name typed into the wrong box.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from rihai.core.request_context import acting_through, current

from .actions import record_audit
from .models import AuditEvent, DenialBucket

logger = logging.getLogger(__name__)

WINDOW = timedelta(minutes=1)
SIGN_IN_KIND = "sign-in"
_MAX_SAMPLE_LENGTH = 40


def _sample_limit() -> int:
    return int(getattr(settings, "AUDIT_DENIAL_SAMPLE_IDS", 10))


def _window_start(now):
    return now.replace(second=0, microsecond=0)


def _count(
    *,
    actor_key: str,
    user_id: int | None,
    agency_id: int | None,
    event: str,
    kind: str,
    access: str,
    sample: str = "",
) -> None:
    window = _window_start(timezone.now())
    key = {
        "actor_key": actor_key,
        "event": event,
        "kind": kind[:100],
        "access": access,
        "window_start": window,
    }
    with transaction.atomic():
        bucket = DenialBucket.objects.select_for_update().filter(**key).first()
        if bucket is None:
            try:
                # A savepoint: if another process created the bucket meanwhile, the unique
                # constraint refuses ours and we lock and count into theirs instead.
                with transaction.atomic():
                    bucket = DenialBucket.objects.create(
                        **key,
                        user_id=user_id,
                        agency_id=agency_id,
                        interface=current().interface,
                    )
            except IntegrityError:
                bucket = DenialBucket.objects.select_for_update().get(**key)
        bucket.count += 1
        if sample and sample not in bucket.sample_ids and len(bucket.sample_ids) < _sample_limit():
            bucket.sample_ids = [*bucket.sample_ids, sample]
        bucket.save(update_fields=["count", "sample_ids"])


def record_denial(*, user, kind: str, access: str, record_ids: list) -> None:
    """Counts one refused request of signed-in ``user`` for the record(s) ``record_ids``
    (the URL's id values, e.g. ``[19]`` for case 19) of ``kind`` (the URL's name)."""
    sample = "/".join(str(value) for value in record_ids)[:_MAX_SAMPLE_LENGTH]
    _count(
        actor_key=f"user:{user.pk}",
        user_id=user.pk,
        agency_id=getattr(user, "agency_id", None),
        event=AuditEvent.ACCESS_DENIED.value,
        kind=kind,
        access=access,
        sample=sample,
    )
    flush_closed_buckets()


def record_failed_sign_in(*, username: str) -> None:
    """Counts a failed sign-in; keeps the account's id if ``username`` names one, else nothing."""
    user_model = get_user_model()
    account = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username})
        .values_list("pk", "agency_id")
        .first()
    )
    user_id, agency_id = account if account else (None, None)
    _count(
        actor_key=f"account:{user_id}" if user_id else "anonymous",
        user_id=user_id,
        agency_id=agency_id,
        event=AuditEvent.LOGIN_FAILED.value,
        kind=SIGN_IN_KIND,
        access="auth",
    )
    flush_closed_buckets()


def _write_bucket(bucket: DenialBucket) -> None:
    extra = {
        "count": bucket.count,
        "kind": bucket.kind[:80],
        "access": bucket.access,
        "window_start": bucket.window_start.strftime("%Y-%m-%dT%H:%MZ"),
    }
    if bucket.event == AuditEvent.LOGIN_FAILED:
        # The account signed in to (not by): acting user stays empty.
        record_audit(
            event=bucket.event,
            object_type="accounts.user",
            object_id=bucket.user_id or "",
            agency_id=bucket.agency_id,
            extra=extra,
        )
        return
    user = get_user_model()._default_manager.filter(pk=bucket.user_id).first()
    samples = list(bucket.sample_ids)
    record_audit(
        event=bucket.event,
        acting_user=user,
        object_type=bucket.kind[:60],
        object_id=samples[0] if len(samples) == 1 else "",
        agency_id=bucket.agency_id,
        extra={**extra, "sample_ids": samples},
    )


def flush_closed_buckets(*, now=None, include_open: bool = False, limit: int = 500) -> int:
    """Writes buckets whose minute has passed (or all, with ``include_open``) into the chain,
    one row each, and removes them; returns how many. Safe to run from several processes."""
    window = _window_start(now or timezone.now())
    pending = DenialBucket.objects.all()
    if not include_open:
        pending = pending.filter(window_start__lt=window)
    ids = list(pending.order_by("window_start", "id").values_list("id", flat=True)[:limit])
    written = 0
    for bucket_id in ids:
        with transaction.atomic():
            # skip_locked: another process flushing the same bucket has it; leave it to them.
            bucket = (
                DenialBucket.objects.select_for_update(skip_locked=True)
                .filter(id=bucket_id)
                .first()
            )
            if bucket is None:
                continue
            with acting_through(bucket.interface or "system"):
                _write_bucket(bucket)
            DenialBucket.objects.filter(id=bucket.id).delete()
            written += 1
    return written
