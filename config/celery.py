"""Background work: Celery with Redis in production, run eagerly in the embedded default.

Settings come from Django's under the CELERY_ prefix (config/settings/base.py). Tasks live
in each app's ``tasks.py`` and are found by ``autodiscover_tasks``. A task receives ids,
never personal data: the broker is not encrypted storage.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Every task retries with backoff when PostgreSQL or Redis goes away (rihai/ops/task_context.py).
app = Celery("rihai", task_cls="rihai.ops.task_context:RihaiTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
