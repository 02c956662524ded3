"""Signals of the screening app. ``batch_uploaded`` is sent after an upload commits, and
``registry_applied`` after a registry import is applied; the tasks module answers them by
queueing the scoring or the re-flagging (so actions never import tasks)."""

from django.dispatch import Signal

batch_uploaded = Signal()  # kwargs: batch_id
registry_applied = Signal()  # kwargs: import_id (sent after the import commits)
