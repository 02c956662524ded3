"""Signals of the screening app. ``batch_uploaded`` is sent after an upload commits; the
tasks module answers it by queueing the scoring (so actions never import tasks)."""

from django.dispatch import Signal

batch_uploaded = Signal()  # kwargs: batch_id
