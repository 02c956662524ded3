"""Background work of the referrals app.

Celery is not set up in Rihai yet. ``daily_digest`` is the plain function the task will call:
when Celery arrives, decorate it with ``@shared_task`` and schedule it daily with beat (e.g.
07:00 Pakistan time). Until then run ``manage.py referral_digest`` from cron.
"""

from .digest import send_daily_digest


def daily_digest() -> dict:
    return send_daily_digest()
