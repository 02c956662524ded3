"""Run in a ``manage.py shell`` by the cross-database test: prints every backed-up table as
the backup format encodes it (ORM values, ciphertext as stored), one JSON object."""

import json
import os

from rihai.ops.backup.tables import backed_up_models, dump_rows


def main() -> None:
    """Writes to the file named by XDB_OUT (stdout may carry other output of the shell)."""
    tables = {
        model._meta.label_lower: [json.loads(line) for line in dump_rows(model)]
        for model in backed_up_models()
    }
    with open(os.environ["XDB_OUT"], "w", encoding="utf-8") as out:
        json.dump(tables, out, sort_keys=True)


def seed() -> None:
    from tests.ops.helpers import seed_world

    seed_world()
