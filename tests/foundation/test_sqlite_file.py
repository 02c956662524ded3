"""The SQLite database file is readable by its owner only."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class SqliteFileTest(SimpleTestCase):
    databases = {"default"}  # a second, throwaway SQLite connection is opened below

    def test_a_new_database_file_is_created_owner_only(self):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "new.sqlite3"
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": f"sqlite:///{path}",
            }
            # Owner-only from the start (django.setup), not only once a connection narrows it:
            # between SQLite creating the file and that chmod, anyone could open it.
            code = (
                "import os, stat, sys; "
                f"sys.exit(stat.S_IMODE(os.stat({str(path)!r}).st_mode) != 0o600); "
            )
            result = subprocess.run(
                [sys.executable, "-c", f"import django; django.setup(); {code}"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                preexec_fn=lambda: os.umask(0o022),  # the usual umask: world-readable files
            )
            self.assertEqual(result.returncode, 0, result.stderr[-800:])
            self.assertEqual(mode(path), 0o600)

    def test_an_existing_world_readable_file_is_narrowed_on_connection(self):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "old.sqlite3"
            path.touch(mode=0o644)
            path.chmod(0o644)
            from django.db import connection

            wrapper = DatabaseWrapper(
                {**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}
            )
            wrapper.ensure_connection()
            wrapper.close()
            self.assertEqual(mode(path), 0o600)

    def test_the_file_is_created_owner_only_before_sqlite_opens_it(self):
        import tempfile

        from rihai.core.sqlite_files import create_private

        previous = os.umask(0o022)
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "fresh.sqlite3"
                create_private({"NAME": str(path)})
                self.assertEqual(mode(path), 0o600)
                create_private({"NAME": ":memory:"})  # nothing to create
        finally:
            os.umask(previous)

    def test_journal_and_wal_files_are_owner_only_too(self):
        """SQLite writes the data it changes to ``-journal`` (or ``-wal`` and ``-shm``) first:
        those hold the same survivors' rows as the database and must be as private."""
        import json
        import tempfile

        code = (
            "import json, os, stat, sys; from django.db import connection; "
            "connection.ensure_connection(); c = connection.cursor(); "
            "c.execute(f'PRAGMA journal_mode={sys.argv[1]}'); "
            "c.execute('CREATE TABLE t (x text)'); c.execute(\"INSERT INTO t VALUES ('row')\"); "
            "name = connection.settings_dict['NAME']; "
            "print(json.dumps({s: stat.S_IMODE(os.stat(name + s).st_mode) "
            "for s in ('', '-journal', '-wal', '-shm') if os.path.exists(name + s)}))"
        )
        for journal_mode, companions in (("WAL", {"-wal", "-shm"}), ("PERSIST", {"-journal"})):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "journalled.sqlite3"
                env = {
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "config.settings.test",
                    "DATABASE_URL": f"sqlite:///{path}",
                }
                result = subprocess.run(
                    [sys.executable, "-c", f"import django; django.setup(); {code}", journal_mode],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=120,
                    preexec_fn=lambda: os.umask(0o022),
                )
                self.assertEqual(result.returncode, 0, result.stderr[-800:])
                modes = json.loads(result.stdout.strip().splitlines()[-1])
                self.assertTrue(companions <= set(modes), (journal_mode, modes))
                self.assertEqual(set(modes.values()), {0o600}, (journal_mode, modes))
