"""A read compiled once and run again with another value.

For the few statements run for every single event (one task's attested parts), or for every page of
a list (its rows, read by their ids), building the SQL (filters, joins, ordering, the select list)
costs the ORM more than the database's own work. A `OneValueQuery` builds it once per thread and
connection, then runs it with each new value, turning the rows into Python values with the
converters the ORM itself would use: the rows are exactly the query set's. An `IdsQuery` does the
same for a list of ids, given to the database as one parameter (`field__among=ids`), and a
`FixedQuery` for a statement without parameters.

On PostgreSQL these statements are also prepared on the server, once per session: their text is the
same for every viewer and their plans (index look-ups by id or by one value) suit every viewer, so
PostgreSQL parses and plans them once instead of on every request. The ORM's own statements are
not prepared: a list's plan depends on whose jurisdiction it reads (docs/performance.md).
"""
import functools
import json
import threading
from collections.abc import Callable, Iterable

from django.db import connections, models, router
from django.db.models import Lookup, QuerySet

_STAND_IN = -7_340_123  # a value no caller passes, to find the query's one parameter


class Among(Lookup):
    """`field__among=ids`: the field's value is one of `ids`, whole numbers given to the database as
    one parameter (an array on PostgreSQL, a JSON list read by `json_each` on SQLite). `__in` gives
    one parameter per id, so its SQL differs with the number of ids and is compiled each time."""

    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(i) for i in self.rhs]  # ids only: anything else fails here, never in the SQL

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        among = "= ANY(%s)" if connection.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"
        return f"{lhs} {among}", [*params, ids_parameter(self.rhs, connection)]


def ids_parameter(ids: list[int], connection):
    """Ids as the one parameter `__among` gives the database: an array, or a JSON list on SQLite."""
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


models.IntegerField.register_lookup(Among)  # ids (AutoField, BigAutoField) and counts
models.ForeignKey.register_lookup(Among)


class OneValueQuery:
    """`make(value)` builds a `values_list` query set whose only parameter is `value`."""

    stand_in: object = _STAND_IN

    def __init__(self, make: Callable[[object], QuerySet], *, stand_in=None):
        """`stand_in`: a value of the parameter's type no caller passes (a number unless given)."""
        self.make = make
        if stand_in is not None:
            self.stand_in = stand_in
        self._local = threading.local()  # a connection belongs to one thread, so its compiled SQL too

    def rows(self, value) -> list[tuple]:
        connection = connections[router.db_for_read(self._model())]
        compiled = self._compiled(connection)
        if compiled is None:  # a query whose SQL holds other parameters: as the ORM runs it
            return list(self.make(value))
        compiler, sql = compiled
        with _preparing_cursor(connection) as cursor:
            cursor.execute(sql, self._parameters(value, connection))
            return list(compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True))

    def _parameters(self, value, connection) -> list:
        return [value]

    def _model(self):
        if "model" not in self.__dict__:  # known once the apps are loaded, not when this is built
            self.model = self.make(self.stand_in).model
        return self.model

    def _compiled(self, connection):
        cache = self._local.__dict__.setdefault("by_alias", {})
        held = cache.get(connection.alias)
        if held is None or held[0] is not connection:
            compiler = self.make(self.stand_in).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            one = list(params) == self._parameters(self.stand_in, connection)
            held = cache[connection.alias] = (connection, (compiler, sql) if one else None)
        return held[1]


def _preparing_cursor(connection):
    """A cursor of `connection` (Django's, with its wrappers) whose statements PostgreSQL prepares,
    unless the installation turned preparing off (DUBAN_PG_PREPARED=0, for a pooler that cannot keep
    a session's prepared statements) or queries are logged (DEBUG, tests counting statements): the
    log shows a statement with its values, which psycopg does not keep for a prepared one."""
    cursor = connection.cursor()
    if (connection.vendor == "postgresql" and connection.connection.prepare_threshold is not None
            and not connection.queries_logged):
        cursor.cursor.close()
        cursor.cursor = _prepared_cursor_class()(connection.connection)
    return cursor


@functools.cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor  # psycopg: PostgreSQL only

    class PreparedCursor(ServerBindingCursor):
        """Binds the parameters on the server and prepares the statement the first time it runs."""

        def execute(self, query, params=None, **_):
            return super().execute(query, params, prepare=True)

    return PreparedCursor


class IdsQuery(OneValueQuery):
    """`make(ids)` builds a `values_list` query set whose only condition is `field__among=ids`."""

    stand_in = [_STAND_IN]

    def rows(self, ids: Iterable[int]) -> list[tuple]:
        return super().rows([int(i) for i in ids])  # the built statement skips Among's own check

    def _parameters(self, value, connection) -> list:
        return [ids_parameter(value, connection)]


class FixedQuery(OneValueQuery):
    """`make()` builds a `values_list` query set with no parameter at all (the terms every programme
    uses, read by every list and map): `rows()` runs the statement built once."""

    def __init__(self, make: Callable[[], QuerySet]):
        super().__init__(lambda _: make())

    def rows(self) -> list[tuple]:
        return super().rows(None)

    def _parameters(self, value, connection) -> list:
        return []


def field_names(model) -> list[str]:
    """The names `Model.from_db` takes a row of the model's own columns by."""
    return [f.attname for f in model._meta.concrete_fields]


def _own_columns(queryset: QuerySet) -> QuerySet:
    return queryset.values_list(*field_names(queryset.model))


class ObjectsQuery(OneValueQuery):
    """`make(value)` builds a query set of one model (not a `values_list`) whose only parameter is
    `value`: `objects(value)` gives its instances, built as the ORM builds them (`Model.from_db`)."""

    def __init__(self, make: Callable[[object], QuerySet], *, stand_in=None):
        self._make_objects = make
        super().__init__(lambda value: _own_columns(make(value)), stand_in=stand_in)

    def objects(self, value) -> list:
        model = self._model()
        db = router.db_for_read(model)
        return [model.from_db(db, field_names(model), row) for row in self.rows(value)]

    def first(self, value):
        """The first instance or None. A value not of the stand-in's type (the statement was built
        for one) goes through the ORM, which converts it to the column's type."""
        if type(value) is not type(self.stand_in):
            return self._make_objects(value).first()
        return next(iter(self.objects(value)), None)


def stored_rows(queryset: QuerySet) -> tuple[list[str], list[tuple]]:
    """A `values(...)` query set's names and rows as the database returns them, without the ORM's
    converter per value: for a GROUP BY of many groups whose columns are whole numbers and text
    (a province's 4,000 units' counts: the converters cost more than the query). Not for dates,
    decimals or booleans, which only the converters make Python values of on SQLite."""
    query = queryset.query
    names = list(query.selected) if query.selected is not None else [
        *query.extra_select, *query.values_select, *query.annotation_select]
    connection = connections[queryset.db]
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return names, cursor.fetchall()
