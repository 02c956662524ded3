"""docs/operations.md lists every setting read from the environment in config/settings/.

Found by reading the settings files' text for ``env(...)``, ``env.<type>(...)`` and the
operations helpers (``_ops.<check>(env, "NAME")`` and their default names), so a new setting fails here until the
table names it.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(
    r'(?:env(?:\.\w+)?\(\s*|_ops\.\w+\(env, |_required\(|name: str = )"([A-Z][A-Z0-9_]+)"'
)
# Read by the test settings only (the test database's name): documented with the tests.
NOT_DEPLOYMENT = {"DATABASE_TEST_NAME"}


def settings_read() -> set[str]:
    names = set()
    files = [*(ROOT / "config" / "settings").glob("*.py"), ROOT / "rihai" / "ops" / "config.py"]
    for path in files:
        names.update(READS.findall(path.read_text()))
    return names


def test_every_setting_read_from_the_environment_is_in_the_table():
    table = (ROOT / "docs" / "operations.md").read_text()
    names = settings_read()
    assert {"SECRET_KEY", "RETENTION_DAYS", "AUDIT_CHAIN_KEYS"} <= names  # the scan works
    missing = sorted(n for n in names - NOT_DEPLOYMENT if f"| `{n}` |" not in table)
    assert missing == [], f"add to docs/operations.md's settings table: {missing}"
