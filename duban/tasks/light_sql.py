"""A light's database condition compiled to SQL once, then reused by every query that filters by it.

`light_q` gives each light as a tree of a few hundred `Q` nodes. Django compiling that tree costs a
page of the task list more than the database spends answering it (about 1 ms per light, and a page
reads up to four). The condition for one day and one set of programme terms is the same for every
user and every request that day, so its SQL is kept, per condition and kind of database, and a query
set takes it as a raw condition. The `Q` stays the one definition: the SQL is what Django compiles
from it, and a condition is only ever looked up by itself (equal trees, equal SQL).
"""
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from duban.tasks.models import Programme, Task

MOST = 256  # conditions kept; a day needs a handful (four lights, the boxes' own), a new day new ones
_JOIN = "_light_programme"  # the alias that asks for the programme join the conditions compare with
_AS_IS = object()  # a condition left to the ORM (it compiles to nothing, or to joins of other tables)
_kept: dict = {}


def filter_by(qs: QuerySet[Task], condition: Q) -> QuerySet[Task]:
    """`qs.filter(condition)`, the condition compiled to SQL once per kind of database."""
    qs, expression = as_compiled(qs, condition)
    return qs.filter(expression)


def as_compiled(qs: QuerySet[Task], condition: Q) -> tuple[QuerySet[Task], Q | RawSQL]:
    """`condition` as an expression `qs` can filter by or count with (`Count("pk", filter=...)`):
    its SQL compiled once per kind of database, `qs` given the programme join the SQL compares
    with; or the condition itself, where it is left to the ORM."""
    connection = connections[router.db_for_read(Task)]
    key = (connection.vendor, condition)
    try:
        kept = _kept.get(key)
    except TypeError:  # a condition holding a value that cannot be a key: compiled as the ORM does
        return qs, condition
    if kept is None:
        if len(_kept) >= MOST:
            _kept.clear()
        kept = _kept[key] = _compiled(condition, connection)
    if kept is _AS_IS:
        return qs, condition
    sql, params, joins_programme = kept
    if joins_programme:
        joined = qs if _JOIN in qs.query.annotations else qs.alias(**{_JOIN: F("programme__warning_workdays")})
        if not _joined_as_compiled(joined):
            return qs, condition
        qs = joined
    return qs, RawSQL(sql, params, output_field=BooleanField())


def _compiled(condition: Q, connection):
    query = Task.objects.filter(condition).query
    tables = {Task._meta.db_table, Programme._meta.db_table}
    if not set(query.alias_map) <= tables:  # joins the SQL would name by aliases another query lacks
        return _AS_IS
    try:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
    except (EmptyResultSet, FullResultSet):
        return _AS_IS
    return f"({sql})", tuple(params), Programme._meta.db_table in query.alias_map


def _joined_as_compiled(qs: QuerySet[Task]) -> bool:
    """The programme join has the alias the compiled SQL names: the task's own programme, joined
    from the task table itself (not, say, a parent task's programme joined first)."""
    join = qs.query.alias_map.get(Programme._meta.db_table)
    return (qs.query.base_table == Task._meta.db_table and join is not None
            and getattr(join, "parent_alias", None) == Task._meta.db_table
            and getattr(join.join_field, "name", None) == "programme")
