"""Prepared queries (iro.core.prepared): compiled once, the same rows as their queryset."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.test.utils import CaptureQueriesContext, override_settings

from iro.children.models import Child, PeriodOfCare
from iro.core.prepared import PreparedQueryError, aggregated, prepared


def _counting(build: Any) -> tuple[prepared[Any], list[int]]:
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> QuerySet[Any]:
        calls.append(1)
        return build(*args, **kwargs)

    return prepared(counted), calls


def _born_before(limit: int, *, born_by: date, iro_id: int | None) -> QuerySet[Child]:
    queryset = Child.objects.filter(date_of_birth__lt=born_by)
    if iro_id is not None:
        queryset = queryset.filter(iro_id=iro_id)
    return queryset.select_related("current_period", "iro").order_by("date_of_birth", "pk")[:limit]


@override_settings(IRO_PREPARED_VERIFY=False)
def test_compiled_once_and_the_same_rows_as_the_queryset_for_each_value(
    make_child: Any, make_iro: Any
) -> None:
    iro = make_iro()
    older = make_child(date_of_birth=date(2008, 1, 2), iro=iro)
    younger = make_child(date_of_birth=date(2015, 6, 1), iro=iro)
    make_child(date_of_birth=date(2009, 1, 1))  # no IRO
    query, calls = _counting(_born_before)

    first = query(10, born_by=date(2010, 1, 1), iro_id=iro.pk)
    second = query(10, born_by=date(2016, 1, 1), iro_id=iro.pk)

    assert [c.pk for c in first] == [older.pk]
    assert [c.pk for c in second] == [older.pk, younger.pk]
    assert calls == [1]  # built once, with markers, for both calls (verification is off)
    assert second == list(_born_before(10, born_by=date(2016, 1, 1), iro_id=iro.pk))
    # Related rows and dates come back as Django reads them.
    assert second[1].iro == iro
    assert isinstance(second[1].current_period, PeriodOfCare)
    assert second[1].current_period.start_date == younger.current_period.start_date


@override_settings(IRO_PREPARED_VERIFY=False)
def test_positional_arguments_none_and_bools_each_compile_their_own_sql(
    make_child: Any, make_iro: Any
) -> None:
    iro = make_iro()
    for year in (2008, 2009, 2010):
        make_child(date_of_birth=date(year, 1, 1), iro=iro)
    make_child(date_of_birth=date(2008, 5, 5))
    query, calls = _counting(_born_before)

    assert len(query(2, born_by=date(2020, 1, 1), iro_id=iro.pk)) == 2
    assert len(query(3, born_by=date(2020, 1, 1), iro_id=iro.pk)) == 3
    assert len(query(10, born_by=date(2020, 1, 1), iro_id=None)) == 4
    assert len(query(10, born_by=date(2020, 1, 1), iro_id=iro.pk)) == 3
    assert len(query(2, born_by=date(2009, 6, 1), iro_id=iro.pk)) == 2
    assert len(calls) == 4  # (2, iro), (3, iro), (10, None), (10, iro)


@override_settings(IRO_PREPARED_VERIFY=False)
def test_one_query_a_call(make_child: Any) -> None:
    make_child()
    query = prepared(_born_before)
    query(5, born_by=date(2020, 1, 1), iro_id=None)
    with CaptureQueriesContext(connection) as captured:
        query(5, born_by=date(2020, 1, 1), iro_id=None)
    assert len(captured.captured_queries) == 1


def test_a_value_derived_in_the_builder_is_refused(db: Any) -> None:
    @prepared
    def derived(*, born_by: date) -> QuerySet[Child]:
        return Child.objects.filter(date_of_birth__lt=born_by.replace(day=2))

    with pytest.raises(PreparedQueryError, match="derived"):
        derived(born_by=date(2020, 1, 1))


def test_a_value_that_does_not_reach_the_sql_is_refused(db: Any) -> None:
    @prepared
    def unused(*, iro_id: int) -> QuerySet[Child]:
        return Child.objects.all()

    with pytest.raises(PreparedQueryError, match="iro_id"):
        unused(iro_id=4)


def test_lists_are_refused(db: Any) -> None:
    @prepared
    def listed(*, ids: list[int]) -> QuerySet[Child]:
        return Child.objects.filter(pk__in=ids)

    with pytest.raises(PreparedQueryError, match="list"):
        listed(ids=[1, 2])


@override_settings(IRO_PREPARED_VERIFY=True)
def test_verification_catches_a_builder_whose_sql_depends_on_a_value(make_child: Any) -> None:
    @prepared
    def shaped(*, iro_id: int) -> QuerySet[Child]:
        # Wrong: the value decides the SQL's shape (markers are negative, real ids positive).
        if iro_id > 0:
            return Child.objects.filter(iro_id=iro_id, restricted=False)
        return Child.objects.filter(iro_id=iro_id)

    with pytest.raises(PreparedQueryError, match="differs"):
        shaped(iro_id=3)


@override_settings(IRO_PREPARED_VERIFY=True)
def test_aggregated_is_the_aggregate(make_child: Any, make_iro: Any) -> None:
    iro = make_iro()
    make_child(iro=iro, date_of_birth=date(2010, 1, 1))
    make_child(iro=iro, date_of_birth=date(2016, 1, 1))
    make_child(date_of_birth=date(2016, 1, 1))

    @prepared
    def tally(*, born_by: date) -> QuerySet[Any]:
        return aggregated(
            Child.objects.all(),
            children=Count("pk"),
            allocated=Count("pk", filter=Q(iro__isnull=False, date_of_birth__lt=born_by)),
        )

    expected = Child.objects.aggregate(
        children=Count("pk"),
        allocated=Count("pk", filter=Q(iro__isnull=False, date_of_birth__lt=date(2012, 1, 1))),
    )
    assert tally(born_by=date(2012, 1, 1)) == [expected] == [{"children": 3, "allocated": 1}]
    # No rows at all: still one row of zeros, as aggregate() gives.
    Child.objects.all().delete()
    assert tally(born_by=date(2012, 1, 1)) == [{"children": 0, "allocated": 0}]


def test_an_empty_result_set_runs_no_query(db: Any) -> None:
    @prepared
    def nothing(*, iro_id: int | None) -> QuerySet[Child]:
        return Child.objects.filter(pk__in=[]).filter(iro_id=iro_id)

    with CaptureQueriesContext(connection) as captured:
        assert nothing(iro_id=None) == []
        assert nothing(iro_id=None) == []
    assert captured.captured_queries == []


# --- keyed_rows: compiled once per key -------------------------------------------------------


@override_settings(IRO_PREPARED_VERIFY=False)
def test_a_keyed_query_is_built_once_and_its_rows_read_anew(make_child: Any) -> None:
    from iro.core.prepared import keyed_rows

    make_child(date_of_birth=date(2008, 1, 2))
    built: list[int] = []

    def build() -> QuerySet[Any]:
        built.append(1)
        return aggregated(Child.objects.filter(date_of_birth__lt=date(2010, 1, 1)), n=Count("pk"))

    key = ("test", "born before 2010")
    assert keyed_rows(key, build) == [{"n": 1}]
    make_child(date_of_birth=date(2009, 5, 5))
    # The statement is kept; the figure is the database's now, not the first call's.
    assert keyed_rows(key, build) == [{"n": 2}]
    assert built == [1]


@pytest.mark.django_db
def test_a_key_that_leaves_out_a_value_of_the_query_is_refused_in_the_tests() -> None:
    from iro.core.prepared import keyed_rows

    born_by = {"day": date(2010, 1, 1)}

    def build() -> QuerySet[Any]:
        return Child.objects.filter(date_of_birth__lt=born_by["day"]).values("pk")

    key = ("test", "a key without the day")
    keyed_rows(key, build)
    born_by["day"] = date(2012, 1, 1)  # the queryset changed, the key did not
    with pytest.raises(PreparedQueryError, match="leaves out"):
        keyed_rows(key, build)


@pytest.mark.django_db
def test_a_keyed_query_that_can_match_nothing_gives_no_rows() -> None:
    from iro.core.prepared import keyed_rows

    assert keyed_rows(("test", "none"), lambda: Child.objects.none().values("pk")) == []


# --- a list of ids as one value; the sampled verification ------------------------------------


@override_settings(IRO_PREPARED_VERIFY=False)
def test_ids_of_any_number_are_one_value_of_one_statement(make_child: Any) -> None:
    from iro.core.prepared import id_list, in_id_list, keyed_rows

    children = [make_child() for _ in range(3)]
    built: list[int] = []

    def build(*, ids: str) -> QuerySet[Any]:
        built.append(1)
        return (
            Child.objects.filter(in_id_list("pk", ids)).order_by("pk").values_list("pk", flat=True)
        )

    key = ("test", "children by id")
    for chosen in ([children[0]], children, [], [children[2], children[0]]):
        expected = sorted(c.pk for c in chosen)
        assert keyed_rows(key, build, ids=id_list(c.pk for c in chosen)) == expected
    assert built == [1]


@override_settings(IRO_PREPARED_VERIFY=True)
def test_the_first_calls_of_a_statement_are_verified_then_one_in_so_many(db: Any) -> None:
    from iro.core.prepared import VERIFY_EVERY, VERIFY_FIRST, keyed_rows

    built: list[int] = []

    def build(*, born_by: date) -> QuerySet[Any]:
        built.append(1)
        return Child.objects.filter(date_of_birth__lt=born_by).values("pk")

    calls = 2 * VERIFY_EVERY + 3
    for day in range(calls):
        keyed_rows(("test", "sampled"), build, born_by=date(2010, 1, 1 + day % 28))
    # Compiled once with markers; each verified call builds the queryset again.
    assert len(built) == 1 + VERIFY_FIRST + calls // VERIFY_EVERY
