"""The core app's retention rule: ``Idempotency-Key`` rows (declared in ``plugin.py``, run by
``manage.py purge``).

A key only has to outlive a client's retries (minutes, or a day for a phone that was offline).
The row holds hashes, an endpoint name and a record id, no personal data, but every create
through the API leaves one, so without a rule the table grows for ever. A key older than the
period is deleted; a client retrying with it after that would create the record again, which is
why the period is a month, not hours.
"""

from rihai.accounts.access import RecordNotFound

from .models import IdempotencyKey


def expired_keys(cutoff):
    return IdempotencyKey.objects.filter(created_on__lt=cutoff)


def delete_key(pk, cutoff) -> bool:
    deleted, _per_model = expired_keys(cutoff).filter(pk=pk).delete()
    return bool(deleted)


def no_manual_hold(user, pk, action: str):
    """The lock of a rule whose records take no manual hold (``plugins.NO_MANUAL_HOLD``): an
    idempotency key is no evidence of anything (the record it made is), and a session or a
    sign-in log is exported by an inquiry rather than held (``rihai.accounts.retention``)."""
    raise RecordNotFound
