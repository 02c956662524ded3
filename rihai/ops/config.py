"""Reading the operations settings from the environment, refusing malformed values by name.

Imported by ``config/settings/base.py`` before Django is set up: no models, no Django apps.
"""

import base64
import binascii
import ipaddress

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("plain", "json")


def _fail(name: str, why: str):
    raise ImproperlyConfigured(f"{name} {why}")


def positive_int(env, name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        _fail(name, f"must be a whole number, not {raw!r}.")
    if value < 0:
        _fail(name, "must not be negative.")
    return value


def choice(env, name: str, choices: tuple[str, ...], default: str) -> str:
    value = env.str(name, default=default).strip().lower()
    if value not in choices:
        _fail(name, f"must be one of {', '.join(choices)}, not {value!r}.")
    return value


def ip_list(env, name: str) -> list[str]:
    values = env.list(name, default=[])
    for value in values:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            _fail(name, f"must list IP addresses; {value!r} is not one.")
    return values


def backup_encryption_key(env, name: str = "BACKUP_ENCRYPTION_KEY") -> str:
    """Empty is allowed (only the backup commands need it, and they refuse without it);
    anything else must be 32 bytes in URL-safe base64."""
    value = env.str(name, default="")
    if value:
        try:
            ok = len(base64.urlsafe_b64decode(value.encode("ascii"))) == 32
        except (binascii.Error, ValueError, UnicodeEncodeError):
            ok = False
        if not ok:
            _fail(name, "is malformed: it must be 32 bytes in URL-safe base64 (44 characters).")
    return value


def min_length_secret(env, name: str, minimum: int = 32) -> str:
    value = env.str(name, default="")
    if value and len(value) < minimum:
        _fail(name, f"is too short: at least {minimum} random characters.")
    return value


def retention_days(env, name: str = "RETENTION_DAYS") -> dict[str, int]:
    """``cases.person=3650,screening.ad=365``: per record type, days kept (overrides the
    apps' defaults). Unknown record types are refused when ``purge`` runs (the apps are not
    loaded yet here); the shape and the numbers are checked now."""
    found: dict[str, int] = {}
    for item in env.list(name, default=[]):
        code, sep, days = item.partition("=")
        code, days = code.strip(), days.strip()
        if not sep or not code or not days.isdigit() or int(days) < 1:
            _fail(name, f"must be record-type=days pairs with days ≥ 1, not {item!r}.")
        found[code] = int(days)
    return found
