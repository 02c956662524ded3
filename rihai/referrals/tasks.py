"""Background work of the referrals app: the daily digest, run by Celery beat at 07:00
Pakistan time (``CELERY_BEAT_SCHEDULE`` in the settings) and eagerly where no broker runs.

``manage.py referral_digest`` sends the same digest from cron where no worker runs. The task
takes no arguments and returns counts only: nothing personal passes through the broker.
"""

from celery import shared_task

from .digest import send_daily_digest


@shared_task(name="rihai.referrals.daily_digest")
def daily_digest() -> dict:
    return send_daily_digest()
