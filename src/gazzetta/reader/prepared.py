"""ORM queries compiled to SQL once per process, then run with new values on every page.

Building a queryset's SQL costs Django far more than running it (about 0.5 ms against
0.03 ms on the development machine, for each of the few queries an article page makes), and
the SQL of a reader query is the same on every request: only a few values change. A
`PreparedQuery` writes the query once with the ORM, with sample values standing in for the
changing ones, compiles it for the current database, remembers where each sample landed among
the SQL parameters and which converters each column needs (dates, JSON, booleans), and from
then on runs that SQL and turns its rows into model instances the way the ORM does. The query
stays ORM code, so it is the same query on SQLite and PostgreSQL and follows the models.

A prepared query selects columns of its own model only (no select_related, annotations or
values()): `compile` refuses anything else.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import Col


def sample(kind: type, number: int):
    """The `number`th stand-in of a kind: a value no reader query holds of its own."""
    if kind is int:
        return -7_300_000 - number
    if kind is str:
        return f"\x00prepared-sample-{number}\x00"
    if kind is datetime.datetime:
        return datetime.datetime(1901, 2, 3, 4, 5, 6, 789 + number, tzinfo=datetime.UTC)
    raise TypeError(f"no sample for {kind}")


@dataclass(frozen=True)
class Compiled:
    model: type[Model]
    sql: str
    slots: tuple[tuple[str, object], ...]  # (argument name, None) or ("", a constant of the query)
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, list, Col], ...]


class PreparedQuery:
    """`build(**values)` returns a queryset; `run(**values)` returns its rows as model instances,
    `values(**values)` as dictionaries."""

    def __init__(self, build: Callable[..., QuerySet], using: str = "default", **kinds: type):
        self.build, self.using = build, using
        self.samples = {name: sample(kind, number) for number, (name, kind) in enumerate(kinds.items())}
        self.compiled: Compiled | None = None
        self.lock = threading.Lock()

    def run(self, **values) -> list[Model]:
        compiled, connection, rows = self.fetch(values)
        return [compiled.model.from_db(self.using, compiled.attnames, self.converted(row, compiled, connection))
                for row in rows]

    def values(self, **values) -> list[dict]:
        """The rows as {attname: value}, converted as the ORM converts them: for lists that need no
        model instance (building one costs about 14 µs an article, most of a teaser's share of a page)."""
        compiled, connection, rows = self.fetch(values)
        return [dict(zip(compiled.attnames, self.converted(row, compiled, connection))) for row in rows]

    def fetch(self, values: dict) -> tuple[Compiled, object, list[tuple]]:
        compiled = self.compiled or self.compile()
        connection = connections[self.using]
        adapt = connection.ops.adapt_unknown_value
        params = tuple(adapt(values[name]) if name else constant for name, constant in compiled.slots)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return compiled, connection, cursor.fetchall()

    def first(self, **values) -> Model | None:
        rows = self.run(**values)
        return rows[0] if rows else None

    @staticmethod
    def converted(row, compiled: Compiled, connection) -> list:
        values = list(row)
        for position, converters, column in compiled.converters:
            for convert in converters:
                values[position] = convert(values[position], column, connection)
        return values

    def compile(self) -> Compiled:
        with self.lock:
            if self.compiled is None:
                self.compiled = self.compile_queryset(self.build(**self.samples))
        return self.compiled

    def compile_queryset(self, queryset: QuerySet) -> Compiled:
        compiler = queryset.query.get_compiler(self.using)
        sql, params = compiler.as_sql()
        columns = [expression for expression, _sql, _alias in compiler.select]
        model = queryset.model
        if not all(isinstance(column, Col) and column.target.model is model for column in columns):
            raise ValueError(f"{sql}: a prepared query selects its own model's columns only")
        attnames = tuple(column.target.attname for column in columns)
        if list(attnames) != [field.attname for field in model._meta.concrete_fields if field.attname in attnames]:
            raise ValueError(f"{sql}: columns out of the model's field order, which Model.from_db expects")
        slots = tuple(self.slot(param) for param in params)
        if set(self.samples) - {name for name, _constant in slots}:
            raise ValueError(f"{sql}: an argument left no parameter, its sample would be run")
        converters = tuple((position, converters, column)
                           for position, (converters, column) in compiler.get_converters(columns).items())
        return Compiled(model, sql, slots, attnames, converters)

    def slot(self, param) -> tuple[str, object]:
        adapt = connections[self.using].ops.adapt_unknown_value
        for name, value in self.samples.items():
            if param == value or param == adapt(value):
                return name, None
        return "", param


def give_prefetched(instance: Model, relation: str, rows: list[Model]) -> None:
    """Let `instance.<relation>.all()` answer `rows` without a query, as prefetch_related would have.

    Django's related managers return the queryset stored under the relation's name in
    `_prefetched_objects_cache`; this stores one whose results are already `rows`.
    """
    queryset = instance._meta.get_field(relation).related_model.objects.none()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    instance._prefetched_objects_cache = {**getattr(instance, "_prefetched_objects_cache", {}), relation: queryset}
