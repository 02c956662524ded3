"""A backup made on SQLite restores into PostgreSQL, and one made on PostgreSQL into SQLite.

Each side is a real deployment's database, driven by ``manage.py`` in its own process (the
backup and restore code always work on the default connection): SQLite file A is migrated
and seeded, backed up, restored into a fresh PostgreSQL database B; B gains a record, is
backed up and restored into a fresh SQLite file C. Every table is compared record by record
as the backup format encodes it (ORM values, ciphertext as stored), and the audit chain is
verified on each target. Needs PostgreSQL on 127.0.0.1; slow (three migrations), so it runs
with the PostgreSQL suite only (DATABASE_URL names PostgreSQL, as in CI's second run) and is
skipped in the SQLite run.
"""

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from .helpers import ENCRYPTION_KEY, SIGNING_KEY

ROOT = Path(__file__).resolve().parents[2]
# The PostgreSQL server of the suite's own DATABASE_URL; databases of this test's own on it.
PG = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0] + "/"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs with the PostgreSQL suite (DATABASE_URL=postgres://...)",
    ),
]


def _postgres(sql: str) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        import psycopg2 as psycopg
    try:
        with psycopg.connect(PG + "postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql) if hasattr(conn, "execute") else conn.cursor().execute(sql)
        return True
    except Exception:
        return False


class Side:
    def __init__(self, url: str, workdir: Path, name: str):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url,
            "BACKUP_ENCRYPTION_KEY": ENCRYPTION_KEY,
            "BACKUP_SIGNING_KEY": SIGNING_KEY,
            "MEDIA_ROOT": str(workdir / f"media-{name}"),
        }
        self.env.pop("DATABASE_TEST_NAME", None)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def tables(self) -> dict:
        out = Path(tempfile.mkstemp(suffix=".json")[1])
        self.env["XDB_OUT"] = str(out)
        self.shell("from tests.ops.xdb_dump import main; main()")
        return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def postgres_db():
    name = f"test_rihai_ops_xdb_{uuid.uuid4().hex[:8]}"
    assert _postgres(f'CREATE DATABASE "{name}"'), "PostgreSQL is not reachable on 127.0.0.1"
    yield PG + name
    _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _same_tables(source: dict, target: dict) -> None:
    assert sorted(source) == sorted(target)
    for label, rows in source.items():
        assert target[label] == rows, f"{label} differs after the cross-database restore"


def test_sqlite_to_postgresql_and_back_restore_record_by_record(postgres_db):
    work = Path(tempfile.mkdtemp(prefix="rihai-xdb-"))
    sqlite_a = Side(f"sqlite:///{work / 'a.sqlite3'}", work, "a")
    postgres_b = Side(postgres_db, work, "b")
    sqlite_c = Side(f"sqlite:///{work / 'c.sqlite3'}", work, "c")
    for side in (sqlite_a, postgres_b, sqlite_c):
        side.manage("migrate", "--no-input", "-v", "0")

    sqlite_a.shell("from tests.ops.xdb_dump import seed; seed()")
    made_on_sqlite = work / "from-sqlite.backup"
    sqlite_a.manage("backup", str(made_on_sqlite))
    out = postgres_b.manage("restore", str(made_on_sqlite))
    assert "audit chain verified" in out
    source = sqlite_a.tables()
    assert len(source["cases.person"]) == 3 and len(source["audit.auditlog"]) > 3
    _same_tables(source, postgres_b.tables())

    # New work on PostgreSQL after the restore, then the other direction.
    postgres_b.shell(
        "from rihai.cases.actions import do_register_person; from rihai.accounts.models "
        "import User; u = User.objects.filter(username__startswith='case-worker').first() "
        "or User.objects.exclude(agency=None).first(); do_register_person(acting_user=u, "
        "name_roman='Made On Postgres', sex='female', cnic='35202-9999999-1')"
    )
    made_on_postgres = work / "from-postgres.backup"
    postgres_b.manage("backup", str(made_on_postgres))
    out = sqlite_c.manage("restore", str(made_on_postgres))
    assert "audit chain verified" in out
    source = postgres_b.tables()
    assert len(source["cases.person"]) == 4
    _same_tables(source, sqlite_c.tables())
    # The keys still read the ciphertext that crossed twice, and the chain verifies.
    names = sqlite_c.shell(
        "from rihai.cases.models import Person; "
        "print(sorted(p.name_roman for p in Person.objects.all()))"
    )
    assert "Made On Postgres" in names and "Demo Person 0" in names
    sqlite_c.manage("audit_verify")
