"""The idle timeout without a session write on every request.

``SESSION_SAVE_EVERY_REQUEST`` renewed the 30-minute idle expiry by writing the session row on
every request: a database write (and a transaction) for every page and API call. This renews
it at most once every ``SESSION_REFRESH_SECONDS`` instead, so a session still ends after
``SESSION_COOKIE_AGE`` of inactivity, give or take that interval (it can end up to
``SESSION_REFRESH_SECONDS`` early, never late). The expiry itself is the server's
(``expire_date``): the cookie lives until the browser closes.
"""

import time

from django.conf import settings

REFRESHED_KEY = "_rihai_refreshed"


def stamp_on_sign_in(sender, request, user, **kwargs):
    """Sign-in saves the session anyway: record it as the last refresh, so the first request
    after it writes nothing (connected to ``user_logged_in`` in ``CoreConfig.ready``)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED_KEY] = int(time.time())


class SessionRefreshMiddleware:
    """Just inside SessionMiddleware: marks a live session for saving when its last save is
    older than the refresh interval; SessionMiddleware then writes it with a new expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or session.modified:
            return response
        now = int(time.time())
        last = session.get(REFRESHED_KEY, 0)
        if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now  # marks it modified: SessionMiddleware saves it
        return response
