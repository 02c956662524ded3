# Load Celery with Django so that @shared_task binds to Rihai's app (config/celery.py).
from .celery import app as celery_app

__all__ = ["celery_app"]
