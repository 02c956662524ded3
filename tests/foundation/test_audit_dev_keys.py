"""dev.py gives a laptop the audit keys: in a new .env, and appended to an .env from before."""

import importlib.util
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def load_dev(tmp_path):
    spec = importlib.util.spec_from_file_location("rihai_dev_script", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    dev.ENV_FILE = tmp_path / ".env"
    return dev


def read_env(path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_missing_audit_keys_are_appended_to_an_existing_env(tmp_path):
    dev = load_dev(tmp_path)
    old = "SECRET_KEY=old-secret\nFIELD_ENCRYPTION_KEYS=old-fernet\nBLIND_INDEX_KEYS=old-index"
    dev.ENV_FILE.write_text(old)  # no trailing newline, as a hand-edited file may be
    dev.ensure_local_keys()
    values = read_env(dev.ENV_FILE)
    assert values["SECRET_KEY"] == "old-secret"  # existing keys are never replaced
    assert values["BLIND_INDEX_KEYS"] == "old-index"
    assert len(values["AUDIT_CHAIN_KEYS"]) >= 32
    assert values["AUDIT_CHECKPOINT_KEYS"]
    before = dev.ENV_FILE.read_text()
    dev.ensure_local_keys()
    assert dev.ENV_FILE.read_text() == before  # a second run adds nothing


def test_a_new_env_has_every_key_and_they_work(tmp_path):
    from rihai.audit.keys import signing_chain_key, signing_checkpoint_key

    dev = load_dev(tmp_path)
    dev.ensure_local_keys()
    values = read_env(dev.ENV_FILE)
    assert set(values) >= {"SECRET_KEY", "AUDIT_CHAIN_KEYS", "AUDIT_CHECKPOINT_KEYS"}
    with override_settings(
        AUDIT_CHAIN_KEYS=[values["AUDIT_CHAIN_KEYS"]],
        AUDIT_CHECKPOINT_KEYS=[values["AUDIT_CHECKPOINT_KEYS"]],
    ):
        assert signing_chain_key()[1] == values["AUDIT_CHAIN_KEYS"].encode()
        signature = signing_checkpoint_key()[1].sign(b"x")
        assert len(signature) == 64
