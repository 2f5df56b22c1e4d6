"""A read compiled once and run again with another value.

For the few statements run for every single event (one task's attested parts), building the SQL
(filters, joins, ordering, the select list) costs the ORM more than the database's own work. A
`OneValueQuery` builds it once per thread and connection, then runs it with each new value, turning
the rows into Python values with the converters the ORM itself would use: the rows are exactly the
query set's.
"""
import threading
from collections.abc import Callable

from django.db import connections, router
from django.db.models import QuerySet

_STAND_IN = -7_340_123  # a value no caller passes, to find the query's one parameter


class OneValueQuery:
    """`make(value)` builds a `values_list` query set whose only parameter is `value`."""

    def __init__(self, make: Callable[[object], QuerySet]):
        self.make = make
        self._local = threading.local()  # a connection belongs to one thread, so its compiled SQL too

    def rows(self, value) -> list[tuple]:
        connection = connections[router.db_for_read(self._model())]
        compiled = self._compiled(connection)
        if compiled is None:  # a query whose SQL holds other parameters: as the ORM runs it
            return list(self.make(value))
        compiler, sql = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, [value])
            return list(compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True))

    def _model(self):
        if "model" not in self.__dict__:  # known once the apps are loaded, not when this is built
            self.model = self.make(_STAND_IN).model
        return self.model

    def _compiled(self, connection):
        cache = self._local.__dict__.setdefault("by_alias", {})
        held = cache.get(connection.alias)
        if held is None or held[0] is not connection:
            compiler = self.make(_STAND_IN).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            held = cache[connection.alias] = (connection, (compiler, sql) if list(params) == [_STAND_IN] else None)
        return held[1]


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
