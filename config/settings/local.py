"""A laptop or the demo: SQLite by default, debug on, keys from ``.env`` (written by ``dev.py``)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY")
# The demo signs in without an authenticator app unless asked; production always enforces.
RIHAI_ENFORCE_MFA = env.bool("RIHAI_ENFORCE_MFA", default=False)
