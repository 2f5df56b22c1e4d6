"""Many new rows of one table at the database's speed: `executemany` on SQLite, `COPY` on PostgreSQL.

Django's bulk_create builds one SQL text per batch with a placeholder for every value; for an import
of 100,000 rows that building costs more than the database's own work. Here each value is prepared
as the ORM prepares it (`pre_save`, `get_db_prep_save`) and the rows are streamed to the database.
Like bulk_create: no signals, no `save()`; the caller runs inside its transaction.
"""
import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, so related rows can name them before anything is written.

    Must run inside the transaction that inserts them."""
    if count <= 0:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction began IMMEDIATE, so it holds the write lock and no other writer can
        # take these ids; AUTOINCREMENT never gives a deleted row's id again, so neither do we.
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                       f"coalesce((SELECT max({quote(meta.pk.column)}) FROM {quote(meta.db_table)}), 0))",
                       [meta.db_table])
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved instances of `model` as they are: with their primary keys when all have one
    (see reserve_ids), else letting the database number them (their `pk` then stays None)."""
    if not objs:
        return
    with_pk = all(obj.pk is not None for obj in objs)
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    # The connection itself, not the `connection` proxy: a value prepared through the proxy pays a
    # thread-local lookup on every attribute the field reads, a third of an import's preparing.
    prepared = [_preparer(f, connections[DEFAULT_DB_ALIAS]) for f in fields]
    _write(model, fields, [[prepare(obj) for prepare in prepared] for obj in objs])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def insert_values(model: type[models.Model], names: list[str], rows: Iterable[Sequence]) -> None:
    """Insert rows of `model` given as plain values of the fields `names` (attnames: "unit_id"),
    without building an instance per row: for counts written by the thousand, whose instances no
    one reads. Every other field takes its default; the database numbers the rows unless the
    primary key is one of `names`."""
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields if f.attname in names or not f.primary_key}
    if stamped := [n for n, f in by_name.items() if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]:
        raise ValueError(f"{meta.label}: {', '.join(stamped)} are set on save; insert instances (insert_rows)")
    given = [by_name[name] for name in names]
    rest = [f for f in by_name.values() if f.attname not in names]
    using = connections[DEFAULT_DB_ALIAS]
    plain = [_plain(f) for f in given]
    defaults = [f.get_db_prep_save(f.get_default(), using) for f in rest]

    def prepared(row: Sequence) -> list:
        return [v if is_plain and type(v) in _PLAIN_VALUES else f.get_db_prep_save(v, using)
                for v, f, is_plain in zip(row, given, plain, strict=True)] + defaults

    values = [prepared(row) for row in rows]
    if values:
        _write(model, [*given, *rest], values)


def _write(model: type[models.Model], fields: list, rows: list[list]) -> None:
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)


# Columns whose value the ORM hands to the driver unchanged when it is already a str, int or bool:
# for these the per-value preparation (most of bulk_create's cost) is skipped.
_PLAIN_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "IntegerField", "BigIntegerField",
                "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField",
                "BooleanField", "AutoField", "BigAutoField", "SmallAutoField", "ForeignKey", "OneToOneField"}
_PLAIN_VALUES = (str, int, bool, type(None))


def _is_date(field) -> bool:
    return field.get_internal_type() == "DateField" and type(field).pre_save is models.DateField.pre_save and not (
        field.auto_now or field.auto_now_add)


def _plain(field) -> bool:
    """Whether a str, int or bool value of `field` goes to the driver as it is."""
    return field.get_internal_type() in _PLAIN_TYPES and type(field).pre_save is models.Field.pre_save


def _preparer(field, using):
    def full(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), using)

    attname = field.attname
    if _is_date(field):
        adapt = using.ops.adapt_datefield_value

        def date(obj):  # what DateField.get_db_prep_value gives a date or None, without its three calls
            value = getattr(obj, attname)
            return adapt(value) if type(value) is dt.date else None if value is None else full(obj)
        return date
    if not _plain(field):
        return full

    def plain(obj):
        value = getattr(obj, attname)
        return value if type(value) in _PLAIN_VALUES else full(obj)
    return plain
