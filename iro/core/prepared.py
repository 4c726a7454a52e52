"""Querysets compiled to SQL once per process, then run with each call's values.

Building and compiling a queryset costs Django more than the database takes to run the small
queries of a page's panels: on a child's page, `as_sql` and the filters behind it were half the
request (profiled, docs/performance.md). A prepared query is an ordinary function that builds a
queryset. On its first call it is built with stand-in values (markers) and compiled; later calls
substitute their values into the same SQL and let Django read the rows as usual (converters,
model instances, `select_related`). The SQLAlchemy idea of a compiled-statement cache, for the
ORM this product uses.

    @prepared
    def children_to_consult(limit, *, iro_id, due_by):      # limit: positional, part of the SQL
        return Child.objects.filter(iro_id=iro_id, ...)[:limit]

    rows = children_to_consult(20, iro_id=iro.pk, due_by=today)   # a list of Child

Rules the builder keeps (broken ones raise `PreparedQueryError` on the first call):
- every keyword value (an int, a str or a date) is used as it is: a value derived from one (a
  date plus some days, say) must be passed as a keyword of its own, or it would be fixed in the
  SQL by the first call;
- positional arguments, and keywords that are None or a bool, shape the SQL (a slice, a branch):
  each combination is compiled once;
- no lists (an IN of varying length): pass a subquery instead, or the ids as one value
  (`id_list`) tested with `in_id_list`.

With `settings.IRO_PREPARED_VERIFY` (on in the tests) calls are also built and compiled the
ordinary way, and the SQL and parameters must be the same: a prepared query cannot drift from its
queryset. That costs no query, but it costs the compiling the cache saves: so the first
`VERIFY_FIRST` calls of each statement in a process are verified, then one in `VERIFY_EVERY`. A
test run makes thousands of calls with the values of hundreds of tests; a builder whose SQL
depends on a value fails there all the same.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Generic, ParamSpec, TypeVar

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import RawSQL

P = ParamSpec("P")
T = TypeVar("T")

# Markers sit far from any real value, so a value derived from one is recognised as a mistake.
_INT_MARKER = -7_300_000_000
_INT_STEP = 1_000_000
_DATE_MARKER = date(1001, 1, 1)
_DATE_STEP = 1_000  # days: about 3 years between markers
_STR_MARK = "\ue000"
_NEAR_DATE_TEXT = re.compile(r"^1[01]\d\d-\d\d-\d\d")

VERIFY_FIRST = 8
VERIFY_EVERY = 16


class PreparedQueryError(Exception):
    """A prepared query's builder broke one of the rules (see the module's docstring)."""


def aggregated(queryset: QuerySet[Any], **aggregates: Any) -> QuerySet[Any]:
    """`queryset.aggregate(**aggregates)` as a one-row values query, which can be prepared.
    Grouping by a constant is no grouping: the SQL is the aggregate's own."""
    return (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(**aggregates)
        .values(*aggregates)
    )


def _marker(value: Any, index: int) -> Any:
    if isinstance(value, bool) or value is None:
        raise TypeError("bools and None shape the SQL")
    if isinstance(value, int):
        return _INT_MARKER - index * _INT_STEP
    if isinstance(value, date):
        if type(value) is not date:
            raise PreparedQueryError("datetimes are not supported as prepared values")
        return _DATE_MARKER + timedelta(days=index * _DATE_STEP)
    if isinstance(value, str):
        return f"{_STR_MARK}{index}{_STR_MARK}"
    raise PreparedQueryError(
        f"a prepared value must be an int, a str or a date, not {type(value).__name__}"
    )


def _near_marker(param: Any) -> bool:
    """A parameter close to a marker but not one: derived from a marker in the builder."""
    if isinstance(param, bool):
        return False
    if isinstance(param, int):
        return _INT_MARKER - 100 * _INT_STEP <= param <= _INT_MARKER + _INT_STEP
    if isinstance(param, date):
        return param.year < 1200
    if isinstance(param, str):
        return _STR_MARK in param or bool(_NEAR_DATE_TEXT.match(param))
    return False


@dataclass(frozen=True)
class _Slot:
    name: str | None  # None: a constant of the SQL
    constant: Any = None
    as_text: bool = False  # the backend passed the marker as text (SQLite dates)

    def value(self, values: dict[str, Any]) -> Any:
        if self.name is None:
            return self.constant
        value = values[self.name]
        return str(value) if self.as_text else value


@dataclass
class _Compiled:
    # Not in the repr: a queryset's repr would run it.
    queryset: QuerySet[Any] = field(repr=False)
    compiler: Any = field(repr=False)
    sql: str
    slots: tuple[_Slot, ...]
    empty: bool = False
    # The columns' converters, worked out once per connection (each thread has its own).
    converters: weakref.WeakKeyDictionary[Any, Any] = field(
        default_factory=weakref.WeakKeyDictionary, repr=False
    )
    calls: int = 0  # for the sampled verification; a lost increment under threads is harmless

    def to_verify(self) -> bool:
        """Whether this call is one that `IRO_PREPARED_VERIFY` checks."""
        if not getattr(settings, "IRO_PREPARED_VERIFY", False):
            return False
        self.calls += 1
        return self.calls <= VERIFY_FIRST or self.calls % VERIFY_EVERY == 0

    def params(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(slot.value(values) for slot in self.slots)

    def run(self, params: tuple[Any, ...]) -> list[Any]:
        if self.empty:
            return []
        queryset = self.queryset.all()  # a clone, not yet run
        compiler = copy.copy(self.compiler)
        connection = connections[queryset.db]
        compiler.connection = connection
        compiler.using = queryset.db
        sql = self.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        converters = self.converters.get(connection)
        if converters is None:
            columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
            converters = self.converters[connection] = compiler.get_converters(columns)
        compiler.get_converters = lambda expressions: converters
        # The iterable (model instances, values, tuples) asks the query for its compiler.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)


def _compile(queryset: QuerySet[Any]) -> tuple[Any, str, tuple[Any, ...]] | None:
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    return compiler, sql, tuple(params)


def _markers(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _marker(values[name], i) for i, name in enumerate(sorted(values))}


def _with_slots(name: str, queryset: QuerySet[Any], markers: dict[str, Any]) -> _Compiled:
    """Compile a queryset built with `markers` in place of its values: each parameter of its SQL
    becomes a slot for one value, or a constant."""
    found = _compile(queryset)
    if found is None:
        return _Compiled(queryset, None, "", (), empty=True)
    compiler, sql, params = found
    by_marker: dict[tuple[type, Any], _Slot] = {}
    for value_name, marker in markers.items():
        by_marker[(type(marker), marker)] = _Slot(value_name)
        if isinstance(marker, date):
            by_marker[(str, str(marker))] = _Slot(value_name, as_text=True)
    slots: list[_Slot] = []
    for param in params:
        try:
            slot = by_marker.get((type(param), param))
        except TypeError:  # an unhashable constant
            slot = None
        if slot is None:
            if _near_marker(param):
                raise PreparedQueryError(
                    f"{name}: a parameter ({param!r}) is derived "
                    "from a prepared value; pass it as a keyword of its own"
                )
            slot = _Slot(None, param)
        slots.append(slot)
    unused = set(markers) - {slot.name for slot in slots}
    if unused:
        raise PreparedQueryError(
            f"{name}: {', '.join(sorted(unused))} did not reach "
            "the SQL as given (changed by the builder, or unused)"
        )
    return _Compiled(queryset, compiler, sql, tuple(slots))


class prepared(Generic[P]):
    """Decorate a function that builds a queryset: calling it returns the queryset's rows, from
    SQL compiled once per shape (see the module's docstring)."""

    def __init__(self, build: Callable[P, QuerySet[Any]]) -> None:
        functools.update_wrapper(self, build)
        self._build = build
        self._compiled: dict[tuple[Any, ...], _Compiled] = {}
        self._lock = threading.Lock()

    def __call__(self, *shape: Any, **values: Any) -> list[Any]:
        fixed = {k: v for k, v in values.items() if v is None or isinstance(v, bool)}
        varying = {k: v for k, v in values.items() if k not in fixed}
        key = (
            shape,
            tuple(sorted(fixed.items())),
            tuple(sorted((k, type(v).__name__) for k, v in varying.items())),
        )
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._prepare(key, shape, fixed, varying)
        params = compiled.params(varying)
        if compiled.to_verify():
            self._verify(compiled, shape, values, params)
        return compiled.run(params)

    def _prepare(
        self,
        key: tuple[Any, ...],
        shape: tuple[Any, ...],
        fixed: dict[str, Any],
        varying: dict[str, Any],
    ) -> _Compiled:
        markers = _markers(varying)
        compiled = _with_slots(
            self._build.__qualname__, self._build(*shape, **fixed, **markers), markers
        )
        self._compiled[key] = compiled
        return compiled

    def _verify(
        self,
        compiled: _Compiled,
        shape: tuple[Any, ...],
        values: dict[str, Any],
        params: tuple[Any, ...],
    ) -> None:
        found = _compile(self._build(*shape, **values))
        if found is None:
            if not compiled.empty:
                raise PreparedQueryError(f"{self._build.__qualname__}: empty only when prepared")
            return
        _, sql, expected = found
        if compiled.empty or sql != compiled.sql or expected != params:
            raise PreparedQueryError(
                f"{self._build.__qualname__}: the prepared SQL differs from the queryset's\n"
                f"prepared: {compiled.sql} {params}\nqueryset: {sql} {expected}"
            )


# --- queries compiled once per key -------------------------------------------------------------

# How many keyed queries a process keeps (least recently used first out): a day's scorecard
# pages for every year and scope asked for come to a few hundred.
KEYED_LIMIT = 512
_keyed: OrderedDict[tuple[Any, ...], _Compiled] = OrderedDict()
_keyed_lock = threading.Lock()


def keyed_rows(
    key: tuple[Any, ...], build: Callable[..., QuerySet[Any]], **values: Any
) -> list[Any]:
    """The rows of the queryset `build(**values)` returns, its SQL compiled once per `key` in
    this process. For queries whose other inputs cannot be passed as markers (dates worked out
    from a reporting period, a list of measures): the key must name everything the queryset is
    built from except `values`, so that one key always gives the same SQL. `values` (ints,
    strs, dates, as for `prepared`) are passed to `build` as keywords: markers when it is
    compiled, each call's own values after. With `settings.IRO_PREPARED_VERIFY` (the tests)
    calls are compiled the ordinary way as well (sampled, as for `prepared`) and must give the
    same SQL and parameters, so a key that leaves something out fails its tests. Only the
    compiled statement is kept: the rows are read from the database on every call."""
    full_key = (connections[DEFAULT_DB_ALIAS].vendor, *key, tuple(sorted(values)))
    with _keyed_lock:
        compiled = _keyed.get(full_key)
        if compiled is not None:
            _keyed.move_to_end(full_key)
    if compiled is None:
        markers = _markers(values)
        compiled = _with_slots(f"keyed query {key!r}", build(**markers), markers)
        with _keyed_lock:
            _keyed[full_key] = compiled
            while len(_keyed) > KEYED_LIMIT:
                _keyed.popitem(last=False)
    params = compiled.params(values)
    if compiled.to_verify():
        found = _compile(build(**values))
        if (found is None) != compiled.empty or (
            found is not None and (found[1] != compiled.sql or found[2] != params)
        ):
            raise PreparedQueryError(
                f"keyed query {key!r}: the SQL differs from the queryset's; the key leaves out "
                "something the queryset is built from"
            )
    return compiled.run(params)


# --- a list of ids as one value ------------------------------------------------------------------


def id_list(ids: Iterable[int]) -> str:
    """Ids as one value of a prepared or keyed query (a JSON array), for `in_id_list`."""
    return json.dumps([int(i) for i in ids])


def in_id_list(field_name: str, ids: str) -> Q:
    """`field_name` is one of the ids of an `id_list` value: membership of the array expanded in
    SQL, so a list of any length is one parameter and one compiled statement."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        expanded = "SELECT value::bigint FROM jsonb_array_elements_text(%s::jsonb)"
    else:
        expanded = "SELECT value FROM json_each(%s)"
    # A constant statement; the ids are its parameter.
    return Q(**{f"{field_name}__in": RawSQL(expanded, (ids,))})  # noqa: S611  # nosec B611


def when_given(queryset: QuerySet[Any], field_name: str, given: dict[str, Any]) -> QuerySet[Any]:
    """A keyed builder's queryset restricted to ``given["ids"]`` (an `id_list`) when it was
    called with ids, whole when not (a refresh of every child)."""
    return queryset.filter(in_id_list(field_name, given["ids"])) if "ids" in given else queryset
