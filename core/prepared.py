"""Querysets compiled to SQL once per process, then run with new values (issue 17 §5).

Under the deadline surge about a third of gunicorn's CPU went into Django compiling querysets to SQL: the
signed-in user with its organisation and jurisdiction, an application with its enterprise, item and pack, or the
deadline's windows each cost 0.5-1 ms to compile and 0.1-0.2 ms to run (bench/load/README.md). A PreparedQuery
builds its queryset once with placeholder values, lets Django compile it, and on each call runs the same SQL
with the caller's values in the placeholders' places, through Django's own model iterables (select_related,
deferred fields, values_list and the field converters all work as usual).

The one library that did this, django-prepared-queries, was last released in 2019 and returns raw querysets
(no select_related); so this module keeps to what Django 5.2's ModelIterable and ValuesListIterable read from a
compiler: `as_sql()`, `select`, `klass_info`, `annotation_col_map`, `col_count` and `has_extra_select`. To make
that reliance safe:

- the build function must not branch on its arguments: every call must compile to the same SQL;
- a placeholder must reach the SQL's parameters unchanged (no LIKE wrapping, no list for IN): checked when the
  query is compiled, which raises otherwise; a call with None among its values is built by Django as usual;
- a locking read (select_for_update) outside a transaction is refused on every call, as Django refuses it when
  it compiles;
- callers get model instances or values, never the queryset, so nothing can chain a filter, a count or an
  order onto SQL that would ignore it (the bound query refuses to be cloned);
- with settings.PREPARED_QUERIES_VERIFY (on in the test settings) every call also builds and compiles the
  queryset the ordinary way and raises if the SQL or the parameters differ, so the whole test suite checks each
  prepared query against Django on both databases.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.query import Query
from django.db.transaction import TransactionManagementError

# Placeholder values: unlikely as real values, distinct per argument, and of the type the ORM expects.
_INT_BASE = -7_340_000_000_000


def _placeholder(kind: type, index: int):
    if kind is int:
        return _INT_BASE - index
    if kind is str:
        return f"\x1fprepared-{index}\x1f"
    # Not dates: a backend may send them as text (SQLite), so a placeholder could not be found by its value.
    raise TypeError(f"a prepared query's argument must be int or str, not {kind!r}")


class _Compiled:
    """One compiled shape for one database connection: the compiler after as_sql(), the SQL, its parameters
    with the placeholders in them, and where each argument goes."""

    def __init__(self, compiler, sql: str, params: tuple, positions: dict[str, list[int]]):
        self.compiler, self.sql, self.params, self.positions = compiler, sql, params, positions

    def bind(self, values: dict[str, Any]) -> tuple:
        params = list(self.params)
        for name, places in self.positions.items():
            for i in places:
                params[i] = values[name]
        return tuple(params)


class _BoundQuery(Query):
    """The template's query with the caller's values: compiles to the cached SQL; never changed or cloned."""

    prepared: PreparedQuery
    values: dict[str, Any]

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if connection is None:
            connection = connections[using]
        if self.select_for_update and connection.features.has_select_for_update and connection.get_autocommit():
            # Django's own check, which it makes when it compiles: a lock outside a transaction would end at once.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        compiled = self.prepared.compiled_for(connection)
        compiler = copy.copy(compiled.compiler)  # select, klass_info and the converters' sources are read-only
        compiler.query, compiler.connection, compiler.using = self, connection, connection.alias
        sql, params = compiled.sql, compiled.bind(self.values)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler

    def clone(self):
        raise TypeError("a prepared query runs as it was compiled: build another PreparedQuery to change it")


class PreparedQuery:
    """`build(**placeholders)` returns the queryset; `arguments` names each argument's type (int or str).

    user_with_organisation = PreparedQuery(
        lambda pk: User.objects.select_related("organisation").filter(pk=pk), pk=int
    )
    user = user_with_organisation.first(pk=42)
    """

    def __init__(self, build: Callable[..., QuerySet], **arguments: type):
        self.build, self.arguments = build, arguments
        self._template: QuerySet | None = None
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _placeholders(self) -> dict[str, Any]:
        return {name: _placeholder(kind, i) for i, (name, kind) in enumerate(self.arguments.items())}

    def template(self) -> QuerySet:
        if self._template is None:
            self._template = self.build(**self._placeholders())
        return self._template

    def compiled_for(self, connection) -> _Compiled:
        key = (connection.alias, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiler = self.template().query.chain().get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            compiled = self._compiled[key] = _Compiled(compiler, sql, tuple(params), self._positions(params))
        return compiled

    def _positions(self, params) -> dict[str, list[int]]:
        positions, placeholders = {}, self._placeholders()
        for name, value in placeholders.items():
            places = [i for i, p in enumerate(params) if type(p) is type(value) and p == value]
            if not places:
                raise ValueError(f"prepared query: argument {name!r} does not reach the SQL's parameters as given")
            positions[name] = places
        taken = {i for places in positions.values() for i in places}
        for i, p in enumerate(params):
            if i not in taken and any(_contains(p, v) for v in placeholders.values()):
                raise ValueError(f"prepared query: a parameter is built from an argument ({p!r}); not preparable")
        return positions

    def _bound(self, values: dict[str, Any]) -> QuerySet:
        if values.keys() != self.arguments.keys():
            raise TypeError(f"prepared query takes {sorted(self.arguments)}, given {sorted(values)}")
        if any(value is None for value in values.values()):
            return self.build(**values)  # None compiles to IS NULL, another shape: Django builds it as usual
        queryset = self.template()._chain()
        query = queryset.query
        query.__class__ = _BoundQuery
        query.prepared, query.values = self, values
        if getattr(settings, "PREPARED_QUERIES_VERIFY", False):
            self._verify(queryset.db, values)
        return queryset

    def _verify(self, using: str, values: dict[str, Any]) -> None:
        connection = connections[using]
        expected = self.build(**values).query.get_compiler(connection=connection).as_sql()
        compiled = self.compiled_for(connection)
        got = (compiled.sql, compiled.bind(values))
        if (expected[0], tuple(expected[1])) != got:
            raise AssertionError(f"prepared query differs from Django's:\n{expected}\n{got}")

    def all(self, **values) -> list:
        """Every row: model instances, or values for a values_list template."""
        return list(self._bound(values))

    def first(self, **values):
        """The first row or None: the template's own ordering and limit decide which."""
        rows = self.all(**values)
        return rows[0] if rows else None


def _contains(param, placeholder) -> bool:
    if isinstance(param, str) and isinstance(placeholder, str):
        return placeholder in param
    if isinstance(param, list | tuple | set | frozenset):
        return placeholder in param
    return False
