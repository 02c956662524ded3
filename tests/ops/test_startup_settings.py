"""A malformed operations setting stops production start-up with a message naming it."""

import base64
import os
import secrets

import pytest

from tests.foundation.test_settings import PROD_ENV, run_manage

ENV = PROD_ENV

MALFORMED = {
    "BACKUP_ENCRYPTION_KEY": "not-32-bytes",
    "BACKUP_SIGNING_KEY": "short",
    "METRICS_TOKEN": "tiny",
    "METRICS_ALLOWED_IPS": "10.0.0.1,prometheus.internal",
    "READYZ_MIN_FREE_MB": "lots",
    "LOG_FORMAT": "xml",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_setting_stops_start_up_and_is_named(name):
    result = run_manage("check", env={**ENV, name: MALFORMED[name]})
    assert result.returncode != 0
    assert name in result.stderr, result.stderr[-800:]


def test_well_formed_operations_settings_start():
    good = {
        # Random, as production requires of keys (typed text such as "key-key-..." is refused).
        "BACKUP_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "BACKUP_SIGNING_KEY": secrets.token_urlsafe(32),
        "METRICS_TOKEN": "t" * 32,
        "METRICS_ALLOWED_IPS": "10.0.0.1,::1",
        "READYZ_MIN_FREE_MB": "100",
        "LOG_FORMAT": "json",
    }
    result = run_manage("check", env={**ENV, **good})
    assert result.returncode == 0, result.stderr[-800:]
