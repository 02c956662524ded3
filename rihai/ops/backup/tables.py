"""Every installed model's rows, read and written exactly as the database stores them.

Read through the ORM (so each backend hands back the same Python types) except fields that
transform values on the way out (the encrypted fields decrypt): those are read raw, so a
backup holds ciphertext and never plaintext. Written back with plain INSERTs, so no
``save()``, ``pre_save`` (``auto_now``, blind indexes) or encryption runs a second time.
"""

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models
from django.utils.duration import duration_iso_string

BATCH = 1000


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own, in a stable order (by label)."""
    excluded = {label.lower() for label in settings.BACKUP_EXCLUDE_MODELS}
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.label_lower not in excluded
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def columns(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def is_raw(field: models.Field) -> bool:
    """True for fields that change values on the way out of the database (decrypting ones):
    those are copied as stored. Django's own fields convert losslessly and are read normally."""
    from_db_value = getattr(type(field), "from_db_value", None)
    return from_db_value is not None and not from_db_value.__module__.startswith("django.")


def _encode(value):
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def dump_rows(model) -> Iterator[bytes]:
    """One JSON line per row, ordered by primary key: the list of column values."""
    fields = columns(model)
    raw = {
        f.attname: models.ExpressionWrapper(models.F(f.attname), models.TextField())
        for f in fields
        if is_raw(f)
    }
    aliases = {name: f"_stored_{name}" for name in raw}
    queryset = model._base_manager.using("default").order_by(model._meta.pk.attname)
    if raw:
        queryset = queryset.annotate(**{aliases[name]: expr for name, expr in raw.items()})
    names = [aliases.get(f.attname, f.attname) for f in fields]
    for row in queryset.values_list(*names).iterator(chunk_size=2000):
        yield (
            json.dumps(
                [_encode(v) for v in row], ensure_ascii=False, separators=(",", ":")
            ).encode()
            + b"\n"
        )


def _decode(field: models.Field, value):
    if value is None or is_raw(field):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    return field.get_db_prep_value(field.to_python(value), connection, prepared=False)


def load_rows(model, lines: Iterable[bytes]) -> int:
    """Inserts the rows of ``dump_rows`` into ``model``'s table; returns how many."""
    fields = columns(model)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
    count, batch = 0, []
    with connection.cursor() as cursor:
        for line in lines:
            values = json.loads(line)
            if len(values) != len(fields):
                raise ValueError(f"{model._meta.label}: a row has {len(values)} values")
            batch.append([_decode(f, v) for f, v in zip(fields, values, strict=True)])
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def clear_table(model) -> None:
    """Removes reference rows that migrations seeded, before the backup's own are loaded."""
    if model._base_manager.exists():
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - name from the model


def reset_sequences(model_list) -> None:
    """After inserting explicit ids, the next id a sequence hands out follows the highest."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
