"""Fast paths for storing scored ads: one ``executemany`` INSERT per chunk and plain
``IN`` look-ups, without the ORM's per-object, per-field machinery.

Ingestion's own process stores while worker processes score, so its per-ad cost sets the
pace of a batch: ``bulk_create`` spent more per ad on preparing values than on encrypting
them. Values still go through each field's own preparation where it matters (encryption,
JSON, binary, dates), so what is stored is exactly what the ORM would store.
"""

from django.db import connections, models

from rihai.core import encryption

from .models import Ad

IN_BATCH = 900  # under SQLite's default limit of host parameters per statement


def stored_keys(column: str, values: list[str]) -> set[str]:
    """Which of ``values`` are already in ``Ad.<column>`` (content_hash or url_key)."""
    if column not in ("content_hash", "url_key"):
        raise ValueError(column)
    found: set[str] = set()
    connection = connections[Ad.objects.db]
    table = connection.ops.quote_name(Ad._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(values), IN_BATCH):
            part = values[start : start + IN_BATCH]
            marks = ", ".join(["%s"] * len(part))
            # Identifiers from the model and the check above; every value is a parameter.
            sql = f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"  # noqa: S608
            cursor.execute(sql, part)
            found.update(row[0] for row in cursor.fetchall())
    return found


def _preparer(field, connection):
    if getattr(field, "encrypted", False):
        return lambda v: encryption.encrypt(str(v)) if v not in (None, "") else v
    if isinstance(field, (models.JSONField, models.BinaryField, models.DateTimeField)):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def insert_ads(ads: list[Ad]) -> int:
    """INSERT the ads; one already stored under the same content hash (another batch or chunk
    scoring it at the same moment) is skipped, as ``bulk_create(ignore_conflicts=True)``
    would. Returns how many were stored: counting the batch's ads before and after would
    also count what another chunk of it committed meanwhile."""
    if not ads:
        return 0
    connection = connections[Ad.objects.db]
    fields = [f for f in Ad._meta.concrete_fields if not f.primary_key]
    prepare = [_preparer(f, connection) for f in fields]
    rows = [
        [
            p(getattr(ad, f.attname)) if p else getattr(ad, f.attname)
            for f, p in zip(fields, prepare, strict=True)
        ]
        for ad in ads
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Identifiers from the model's own meta, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(Ad._meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        "ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        return cursor.rowcount  # the sum over the rows (psycopg 3, sqlite3)
