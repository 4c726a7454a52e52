"""Synthetic IRO services at any scale, for benchmarks: `manage.py generate_service`.

The shapes follow ../shared/domain.md section 8 (England 2025 statistics and council IRO
reports): children looked after on the as-of date plus those who left during the window, periods
of care lasting days to 18 years, placement moves, reviews on the statutory cadence (most in time,
some late), PN0 for the under-4s, IROs with FTE and caseloads of roughly 50-115 per FTE, social
workers in teams, recommendations, and — when those modules exist — oversights and disputes.

Speed matters more than in `demo.py`: the plan of each child is made in plain Python, then rows
go in with `bulk_create` in batches, a chunk of children at a time (bounded memory). No service
calls and no audit entries per row: this is seeding, not recording. Review numbers, due dates and
timeliness are computed while generating (the generator needs them to place reviews on or off
time); `iro.reviews.schedule.schedule_refresh` then derives every period's stored timetable, as
it does after a 903 import, and finds nothing to correct in the reviews.

Deterministic: the same shape (seed, as-of date, sizes) gives the same rows, bar primary keys and
creation timestamps.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer, User
from iro.accounts.roles import Role
from iro.children.models import (
    Child,
    Episode,
    IROAllocation,
    PeriodOfCare,
    SocialWorker,
    SocialWorkerEpisode,
    Team,
)
from iro.core import facts
from iro.core.council import review_timescales, working_day_calendar
from iro.disputes.rules import REFERENCE_PATTERN, dispute_reference
from iro.fostering.models import FosterCarerReview, FosterHousehold
from iro.orders.models import SupervisionOrder
from iro.reviews.models import Recommendation, Review
from iro.reviews.schedule import PERIOD_TIMETABLE_FIELDS, stored_timetable
from iro.seeding.demo import fostering as demo_fostering
from iro.seeding.demo.core import FIRST_NAMES, LAST_NAMES
from iro.seeding.protection import (
    ALSO_LOOKED_AFTER,
    ProtectionShape,
    subjects_for,
    write_protection,
)
from iro.timetable import care
from iro.timetable import reviews as rules
from iro.timetable.calendar import WorkingDayCalendar, add_months

CHUNK_CHILDREN = 2000
BATCH = 2000
# An unusable password: the generated users cannot sign in with one.
UNUSABLE_PASSWORD = "!generated"  # noqa: S105  # nosec B105

# Age on the as-of date of children looked after (DfE 2025: under 1 5%, 1-4 13%, 5-9 17%,
# 10-15 38%, 16-17 27%), as (from years, to years, weight).
AGE_BANDS = ((0, 1, 5), (1, 5, 13), (5, 10, 17), (10, 16, 38), (16, 18, 27))
LEGAL = ("C2",) * 12 + ("C1",) * 3 + ("V2",) * 4 + ("E1", "J2", "L1")
PLACEMENTS = ("U4",) * 5 + ("U6",) * 4 + ("U1", "U3", "U5", "K2", "K2", "P1", "H5", "R1", "Z1")
# Working days from coming into care to the IRO service being told, by the allocation's delay.
_NOTIFIED_AFTER = {1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 7: 3, 9: 4}
NEED = ("N1",) * 6 + ("N2", "N3", "N4", "N4", "N5", "N6", "N7", "N8")
EXITS_UNDER_16 = ("E4A",) * 6 + ("E11", "E11", "E12", "E41", "E45", "E46", "E48", "E13", "E8")
EXITS_16_PLUS = ("E4A", "E4B", "E5", "E6", "E13", "E9", "E14", "E8")
EXITS_AT_18 = ("E17", "E5", "E5", "E6", "E8", "E7")
PN_4_PLUS = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
# Among children aged 4+: about 6% PN7, so about 5% of all reviews (PN0 is about 14%).
PN_4_PLUS_WEIGHTS = (36, 8, 3, 4, 20, 23, 6)
ETHNICITY = ("WBRI",) * 14 + ("WOTH", "MWBC", "MWBA", "MOTH", "BAFR", "BCRB", "APKN", "AOTH")
RECOMMENDATION_ACTIONS = (
    "Complete the updated care plan and share it with the IRO",
    "Arrange a referral to CAMHS and confirm the date of the first appointment",
    "Convene a personal education plan meeting before the end of term",
    "Complete the health assessment and share the outcome",
    "Arrange family time with brothers and sisters at least monthly",
    "Refer to the advocacy service and confirm the child has met the advocate",
    "Complete life-story work with the child",
    "Confirm the permanence plan at the next review",
    "Update the pathway plan with the child",
    "Share the independent visitor referral outcome with the child",
)
SERVICE_AREAS = (
    "North locality",
    "South locality",
    "East locality",
    "West locality",
    "Under 5s",
    "Disabled children",
    "Care leavers",
    "Unaccompanied children",
)


@dataclass(frozen=True)
class ServiceShape:
    """What to generate. `children` counts those looked after on `as_of`; leavers come on top at
    `exit_rate` a year per child looked after (England: about 34,000 a year for 82,000)."""

    children: int
    years: int
    seed: int
    as_of: date
    iros: int | None = None
    exit_rate: float = 0.42
    recommendations_per_review: float = 1.5
    # False: `schedule_refresh` derives each period's stored timetable after writing (as after a
    # 903 import). True: the generator applies the same rules while planning (much faster at
    # national scale; see docs/performance.md).
    inline: bool = False
    # Oversights (iro.monitoring) over the last `oversight_years`: Herefordshire recorded about
    # 10 a child a year; the default keeps national scale to a bounded size.
    oversights_per_year: float = 6.0
    oversight_years: int = 1
    # Disputes (iro.disputes): about one for every 4-5 reviews held in the last `dispute_years`.
    disputes_per_review: float = 0.22
    dispute_years: int = 2
    # Child protection (iro.conferences): about 0.6 children on a plan per child in care on the
    # day, plans ended over the last `protection_years` (iro.seeding.protection).
    protection: bool = True
    protection_years: int = 1

    @property
    def iro_count(self) -> int:
        return self.iros if self.iros is not None else max(1, round(self.children / 55))

    @property
    def window_start(self) -> date:
        return add_months(self.as_of, -12 * self.years)

    @property
    def prefix(self) -> str:
        """Keeps identifiers apart when services with different seeds share a database."""
        return f"G{self.seed % 1000:03d}"


@dataclass
class GenerationResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def timed(self, name: str, started: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


class DatabaseNotEmpty(Exception):
    pass


class MemoCalendar(WorkingDayCalendar):
    """The council's calendar with answers remembered: the generator asks the same few thousand
    questions hundreds of thousands of times."""

    __slots__ = ("_added", "_working")

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        super().__init__(calendar.extra_closures, calendar.removed_closures)
        self._added: dict[tuple[date, int], date] = {}
        self._working: dict[date, bool] = {}

    def is_working_day(self, d: date) -> bool:
        answer = self._working.get(d)
        if answer is None:
            answer = self._working[d] = super().is_working_day(d)
        return answer

    def add_working_days(self, d: date, n: int) -> date:
        key = (d, n)
        answer = self._added.get(key)
        if answer is None:
            answer = self._added[key] = super().add_working_days(d, n)
        return answer


# --- The plan of one child, in plain Python --------------------------------------------------


@dataclass
class PlannedReview:
    held_on: date
    status: str
    reason: str
    code: str
    chair: int  # index into the IRO list
    number: int | None
    due: date | None
    in_time: bool | None
    care_plan_received_on: date | None
    permanence_agreed: bool | None
    # Fields of the review cycle (deadlines after the review and when they were met); written
    # only where the Review model has them.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class PlannedPeriod:
    start: date | None  # None when the period began before the data
    first_known: date
    end: date | None
    reason_ceased: str
    episodes: list[tuple[date, date | None, str, str, str, str, str]]  # start,end,rne,ls,cin,pl,rec
    allocations: list[tuple[int, date, date | None, str]]  # iro index, start, end, reason
    reviews: list[PlannedReview]
    notified: date | None = None  # when the IRO service was told of the new period
    derived: dict[str, Any] = field(default_factory=dict)  # the stored timetable, when inline


@dataclass
class PlannedChild:
    index: int
    born: date
    sex: str
    first_name: str
    last_name: str
    ethnicity: str
    sibling_group: str
    social_worker: int  # index into the social worker list
    periods: list[PlannedPeriod]

    @property
    def iro(self) -> int | None:
        for period in reversed(self.periods):
            if period.allocations:
                return period.allocations[-1][0]
        return None


class Planner:
    """Makes each child's story with its own random stream so the chunks are independent."""

    def __init__(
        self,
        shape: ServiceShape,
        calendar: WorkingDayCalendar,
        timescales: rules.ReviewTimescales,
        iro_weights: list[float],
        iro_in_time: list[float],
        social_workers: int,
        *,
        inline: bool = False,
    ) -> None:
        self.inline = inline
        self.review_fields = {f.attname for f in Review._meta.concrete_fields}
        self.shape = shape
        self.calendar = calendar
        self.timescales = timescales
        self.iro_weights = iro_weights
        self.iro_cumulative = _cumulative(iro_weights)
        self.iro_in_time = iro_in_time
        self.social_workers = social_workers
        self.window_start = shape.window_start

    def _working_day_on_or_before(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def _pick_iro(self, rng: random.Random) -> int:
        return rng.choices(range(len(self.iro_weights)), cum_weights=self.iro_cumulative)[0]

    def child(self, rng: random.Random, index: int, *, current: bool) -> PlannedChild:
        as_of, window_start = self.shape.as_of, self.window_start
        if current:
            low, high, _ = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
            age_days = rng.randint(low * 365 + 1, high * 365 - 1)
            born = as_of - timedelta(days=age_days)
            in_care = _duration_days(rng, age_days - 1)
            start = as_of - timedelta(days=in_care)
            end: date | None = None
            reason = ""
        else:
            end = window_start + timedelta(days=rng.randint(1, (as_of - window_start).days - 1))
            if rng.random() < 0.22:  # aged out on the 18th birthday
                born = _years_before(end, 18)
                reason = rng.choice(EXITS_AT_18)
            else:
                low, high, _ = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
                born = end - timedelta(days=rng.randint(low * 365 + 30, high * 365 - 1))
                reason = rng.choice(EXITS_16_PLUS if high > 16 else EXITS_UNDER_16)
            in_care = _duration_days(rng, (end - born).days - 1, leaver=True)
            start = end - timedelta(days=in_care)
        sw = rng.randrange(self.social_workers)
        periods = []
        # About 1 in 12 came back into care: an earlier period that ended before this one.
        if rng.random() < 0.08 and (start - born).days > 400:
            earlier_end = start - timedelta(
                days=rng.randint(30, min(700, (start - born).days - 60))
            )
            earlier_start = earlier_end - timedelta(
                days=rng.randint(5, max(6, min(700, (earlier_end - born).days - 2)))
            )
            if earlier_end > window_start:
                periods.append(
                    self.period(rng, born, earlier_start, earlier_end, rng.choice(EXITS_UNDER_16))
                )
        periods.append(self.period(rng, born, start, end, reason))
        sex = rng.choice("12")
        return PlannedChild(
            index=index,
            born=born,
            sex=sex,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            ethnicity=rng.choice(ETHNICITY),
            sibling_group="",
            social_worker=sw,
            periods=periods,
        )

    def period(
        self, rng: random.Random, born: date, start: date, end: date | None, reason: str
    ) -> PlannedPeriod:
        as_of, window_start, calendar = self.shape.as_of, self.window_start, self.calendar
        start_known = start >= window_start
        until = end or as_of
        # The episode open when the data begins keeps its real start (DECOM).
        first_known = start if start_known else max(start, window_start - timedelta(days=730))
        span = (until - first_known).days
        moves = int(span / 365 * 0.7 + rng.random())
        moves = min(moves, 14, max(span - 1, 0))
        cuts = sorted(rng.sample(range(1, span), k=moves)) if moves else []
        starts = [first_known] + [first_known + timedelta(days=d) for d in cuts]
        legal = rng.choice(LEGAL)
        need = rng.choice(NEED)
        episodes = []
        for i, ep_start in enumerate(starts):
            last = i == len(starts) - 1
            ep_end = end if last else starts[i + 1]
            rne = "S" if i == 0 and start_known else rng.choice("PPPLT" if i else "PL")
            if rne in "LT" and rng.random() < 0.5:
                legal = rng.choice(LEGAL)
            episodes.append(
                (
                    ep_start,
                    ep_end,
                    rne,
                    legal,
                    need,
                    rng.choice(PLACEMENTS),
                    (reason if end else "") if last else "X1",
                )
            )

        # The IRO: allocated within a few working days (about 80% within 5); some change IRO.
        allocations: list[tuple[int, date, date | None, str]] = []
        notified = None
        if start_known:
            days = rng.choice((1, 2, 3, 3, 4, 5, 5, 5, 7, 9))
            allocated = calendar.add_working_days(start, days)
            # The IRO service is told before it allocates (about 80% within 2 working days);
            # drawn from the allocation's delay, so the random stream is unchanged.
            notified = calendar.add_working_days(start, _NOTIFIED_AFTER[days])
            if notified > until:
                notified = None
        else:
            allocated = first_known
        if allocated <= until:
            iro = self._pick_iro(rng)
            if span > 365 and rng.random() < 0.18:
                change = allocated + timedelta(
                    days=rng.randint(60, max(61, (until - allocated).days))
                )
                if change < until:
                    allocations.append((iro, allocated, change, "New to care"))
                    allocated, iro = change, self._pick_iro(rng)
            allocations.append(
                (iro, allocated, end, "New to care" if not allocations else "Caseload change")
            )

        reviews = self.reviews(
            rng, born, start if start_known else None, first_known, until, allocations
        )
        planned = PlannedPeriod(
            start=start if start_known else None,
            first_known=first_known,
            end=end,
            reason_ceased=reason if end else "",
            episodes=episodes,
            allocations=allocations,
            reviews=reviews,
            notified=notified,
        )
        if self.inline:
            planned.derived = self.derived(planned)
        return planned

    def derived(self, period: PlannedPeriod) -> dict[str, Any]:
        """The stored timetable of a period, by the same rules `schedule_refresh` applies."""
        calendar, timescales = self.calendar, self.timescales
        timetable = rules.period_timetable(
            period_start=period.start,
            start_known=period.start is not None,
            end_date=period.end,
            held_reviews=[r.held_on for r in period.reviews if r.status == Review.Status.HELD],
            calendar=calendar,
            timescales=timescales,
        )
        return dict(zip(PERIOD_TIMETABLE_FIELDS, stored_timetable(timetable), strict=True))

    def reviews(
        self,
        rng: random.Random,
        born: date,
        start: date | None,
        first_known: date,
        until: date,
        allocations: list[tuple[int, date, date | None, str]],
    ) -> list[PlannedReview]:
        """Reviews on the statutory cadence: each is held before or after its due date."""
        calendar, timescales = self.calendar, self.timescales
        made: list[PlannedReview] = []
        previous: date | None = None
        number = 0
        chair_rate = self.iro_in_time[allocations[0][0]] if allocations else 0.8
        while True:
            number += 1
            known_number, due = rules.held_review_timing(
                number,
                period_start=start,
                start_known=start is not None,
                previous_held=previous,
                calendar=calendar,
                timescales=timescales,
            )
            assert due is not None or start is None
            if due is None:
                # Before the data: the first known review falls in the window's first months.
                day = self.window_start + timedelta(days=rng.randint(0, 182))
                day = max(day, first_known + timedelta(days=14))
            elif rng.random() < chair_rate:
                day = due - timedelta(days=rng.randint(0, 15))
            else:
                day = due + timedelta(days=rng.randint(1, 45))
            day = self._working_day_on_or_before(day)
            floor = (previous or start or first_known) + timedelta(days=2)
            if day < floor:
                day = floor
                while not calendar.is_working_day(day):
                    day += timedelta(days=1)
            if day >= until:
                return made
            # Now and then a meeting is cancelled or adjourned and held a few days later.
            if rng.random() < 0.03 and (day - floor).days > 10:
                made.append(
                    PlannedReview(
                        held_on=day - timedelta(days=7),
                        status=Review.Status.CANCELLED,
                        reason=rng.choice(("Child unwell", "Care plan not ready", "IRO unwell")),
                        code="",
                        chair=_chair_on(allocations, day),
                        number=None,
                        due=None,
                        in_time=None,
                        care_plan_received_on=None,
                        permanence_agreed=None,
                    )
                )
            age = care.age_on(born, day)
            code = (
                "PN0"
                if age < care.CONSULTATION_MIN_AGE
                else rng.choices(PN_4_PLUS, weights=PN_4_PLUS_WEIGHTS)[0]
            )
            extra = self.after_review(rng, day)
            plan_roll = rng.random()
            plan_on = (
                calendar.add_working_days(day, -rng.randint(3, 15))
                if plan_roll < 0.82
                else (day - timedelta(days=rng.randint(0, 2)) if plan_roll < 0.93 else None)
            )
            made.append(
                PlannedReview(
                    held_on=day,
                    status=Review.Status.HELD,
                    reason="",
                    code=code,
                    chair=_chair_on(allocations, day),
                    number=known_number,
                    due=due,
                    in_time=rules.in_timescale(day, due),
                    care_plan_received_on=plan_on,
                    permanence_agreed=(rng.random() < 0.85) if number >= 2 else None,
                    extra=extra,
                )
            )
            previous = day

    def after_review(self, rng: random.Random, held: date) -> dict[str, Any]:
        """Deadlines after the review and when they were met (Herefordshire: recommendations
        issued in time 100%, minutes distributed in time 74%)."""
        fields = self.review_fields
        if "recommendations_due" not in fields:
            return {}
        calendar, timescales, as_of = self.calendar, self.timescales, self.shape.as_of
        extra: dict[str, Any] = {
            "recommendations_due": rules.recommendations_due(
                held, calendar=calendar, timescales=timescales
            ),
            "minutes_written_due": rules.minutes_written_due(
                held, calendar=calendar, timescales=timescales
            ),
            "minutes_distributed_due": rules.minutes_distributed_due(
                held, calendar=calendar, timescales=timescales
            ),
        }
        issued = calendar.add_working_days(held, rng.choice((1, 2, 3, 4, 5, 5, 5, 6)))
        written = calendar.add_working_days(held, rng.randint(5, 26))
        distributed = calendar.add_working_days(written, rng.randint(0, 5))
        for name, day in (
            ("recommendations_issued_on", issued),
            ("minutes_written_on", written),
            ("minutes_distributed_on", distributed),
        ):
            if name in fields and day <= as_of:
                extra[name] = day
        return extra


def _chair_on(allocations: list[tuple[int, date, date | None, str]], day: date) -> int:
    chair = allocations[0][0] if allocations else -1
    for iro, start, _end, _reason in allocations:
        if start <= day:
            chair = iro
    return chair


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _duration_days(rng: random.Random, longest: int, *, leaver: bool = False) -> int:
    """Days to 18 years: many short stays among leavers, long ones among those still in care."""
    roll = rng.random()
    if leaver:
        bands = ((0.3, 3, 120), (0.62, 120, 730), (1.0, 730, 18 * 365))
    else:
        bands = ((0.22, 1, 365), (0.5, 365, 3 * 365), (1.0, 3 * 365, 18 * 365))
    for upper, low, high in bands:
        if roll < upper:
            return max(1, min(rng.randint(low, high), longest))
    return max(1, longest)  # pragma: no cover


# --- Writing it ------------------------------------------------------------------------------


def insert_rows(model: Any, objects: list[Any]) -> list[Any]:
    """Insert model instances and give them their primary keys: `bulk_create` in batches, or on
    PostgreSQL the COPY protocol with keys drawn from the table's sequence first (several times
    faster: no SQL to build per row; the rows are already valid)."""
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return list(model._default_manager.bulk_create(objects, batch_size=BATCH))
    meta = model._meta
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    now = timezone.now()
    stamped = [
        f for f in fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
            for f in stamped:
                setattr(obj, f.attname, now)
        columns = ", ".join(quote(f.column) for f in fields)
        attnames = [f.attname for f in fields]
        # COPY takes JSON as its text (a dict or list has no adapter of its own).
        as_json = {
            f.attname: f.encoder or DjangoJSONEncoder
            for f in fields
            if isinstance(f, models.JSONField)
        }
        copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for obj in objects:
                values = obj.__dict__
                copy.write_row(
                    [
                        json.dumps(values[name], cls=as_json[name])
                        if name in as_json and values[name] is not None
                        else values[name]
                        for name in attnames
                    ]
                )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def database_is_empty() -> bool:
    return not (Child.objects.exists() or ReviewingOfficer.objects.exists())


def generate_service(
    shape: ServiceShape,
    *,
    append: bool = False,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Fill the database with the service `shape` describes. Refuses a database that already
    holds children or IROs unless `append`. With `dry_run` everything is rolled back."""
    if not append and not database_is_empty():
        raise DatabaseNotEmpty(
            "The database already holds children or IROs: use an empty database or --append"
        )
    result = GenerationResult()
    say = progress or (lambda _message: None)
    with transaction.atomic():
        _generate(shape, result, say)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _generate(shape: ServiceShape, result: GenerationResult, say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    rng = random.Random(f"{shape.seed}:staff")  # nosec B311
    calendar = working_day_calendar()
    timescales = review_timescales()
    prefix = shape.prefix

    # Teams and social workers: about 16 children per social worker.
    team_count = max(4, shape.children // 120)
    teams = Team.objects.bulk_create(
        [Team(name=f"{prefix} team {i + 1:04d}") for i in range(team_count)], batch_size=BATCH
    )
    sw_count = max(8, shape.children // 16)
    social_workers = SocialWorker.objects.bulk_create(
        [
            SocialWorker(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                sw_id=f"{prefix}S{i + 1:05d}"[:20],
                team=teams[i % team_count],
            )
            for i in range(sw_count)
        ],
        batch_size=BATCH,
    )
    result.add("teams", len(teams))
    result.add("social_workers", len(social_workers))

    # IROs with users: mostly full time; some with other duties (child protection conferences).
    iro_group = Group.objects.get(name=Role.IRO.value)
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix.lower()}-iro{i + 1:05d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"{prefix.lower()}-iro{i + 1:05d}@example.org",
                job_title="Independent Reviewing Officer",
                password=UNUSABLE_PASSWORD,
            )
            for i in range(shape.iro_count)
        ],
        batch_size=BATCH,
    )
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=iro_group.pk) for u in users], batch_size=BATCH
    )
    fte_choices = ("1.00",) * 14 + ("0.80",) * 3 + ("0.60", "0.60", "0.50")
    iros = ReviewingOfficer.objects.bulk_create(
        [
            ReviewingOfficer(
                user=user,
                name=f"{user.first_name} {user.last_name}",
                fte=Decimal(rng.choice(fte_choices)),
                contract=rng.choice(("permanent",) * 8 + ("agency", "fixed_term")),
                start_date=shape.window_start - timedelta(days=rng.randint(0, 3650)),
                service_area=rng.choice(SERVICE_AREAS),
                other_duties="Chairs child protection conferences" if i % 5 == 4 else "",
                other_duties_weight=Decimal("0.20") if i % 5 == 4 else Decimal("0.00"),
            )
            for i, user in enumerate(users)
        ],
        batch_size=BATCH,
    )
    result.add("users", len(users))
    result.add("iros", len(iros))
    # Caseload shares follow FTE with a spread, so caseloads run from about 50 to 115 per FTE.
    weights = [float(i.fte_for_children_in_care) * rng.uniform(0.75, 1.55) for i in iros]
    in_time = [rng.uniform(0.76, 0.95) for _ in iros]
    result.timed("staff", started)

    planner = Planner(
        shape, MemoCalendar(calendar), timescales, weights, in_time, sw_count, inline=shape.inline
    )
    leavers = round(shape.children * shape.exit_rate * shape.years)
    total = shape.children + leavers
    for chunk_start in range(0, total, CHUNK_CHILDREN):
        seed = f"{shape.seed}:{shape.as_of.isoformat()}:{chunk_start}"
        chunk_rng = random.Random(seed)  # nosec B311
        plan_started = time.perf_counter()
        plans = [
            planner.child(chunk_rng, i, current=i < shape.children)
            for i in range(chunk_start, min(total, chunk_start + CHUNK_CHILDREN))
        ]
        # Brothers and sisters: about 1 child in 6 shares a sibling group with the next one.
        for a, b in itertools.pairwise(plans):
            if a.index % 6 == 1:
                group = f"{prefix}-{a.index:07d}"
                a.sibling_group = b.sibling_group = group
        result.timed("plan", plan_started)
        _write_chunk(shape, plans, iros, social_workers, result, chunk_rng)
        say(f"{min(total, chunk_start + CHUNK_CHILDREN):,} of {total:,} children")
    _fostering(shape, iros, result)
    result.timed("total", started)


def _fostering(shape: ServiceShape, iros: list[ReviewingOfficer], result: GenerationResult) -> None:
    """Foster households (about 1 for every 5 children looked after) chaired by a few fostering
    IROs (Lancashire: 2 of 27), and supervision orders for some children who went home, at the
    demo's rates and with its functions."""
    if not iros:
        return
    started = time.perf_counter()
    rng = random.Random(f"{shape.seed}:{shape.as_of.isoformat()}:fostering")  # nosec B311
    chairs = iros[: max(1, round(len(iros) / 12))]
    households = demo_fostering.add_households(
        rng,
        as_of=shape.as_of,
        chairs=chairs,
        count=round(shape.children * demo_fostering.HOUSEHOLDS_PER_CHILD),
    )
    orders = demo_fostering.add_supervision_orders(
        rng,
        as_of=shape.as_of,
        chairs=iros,
        count=round(shape.children * demo_fostering.ORDERS_PER_CHILD_A_YEAR * 1.5),
    )
    result.add("foster_households", len(households))
    result.add("supervision_orders", len(orders))
    result.timed("fostering", started)


def _write_chunk(
    shape: ServiceShape,
    plans: list[PlannedChild],
    iros: list[ReviewingOfficer],
    social_workers: list[SocialWorker],
    result: GenerationResult,
    rng: random.Random,
) -> None:
    started = time.perf_counter()
    prefix = shape.prefix
    children = insert_rows(
        Child,
        [
            Child(
                la_child_id=f"{prefix}{p.index:06d}",
                first_name=p.first_name,
                last_name=p.last_name,
                date_of_birth=p.born,
                sex=p.sex,
                ethnicity=p.ethnicity,
                sibling_group=p.sibling_group,
                iro=iros[p.iro] if p.iro is not None else None,
                social_worker=social_workers[p.social_worker],
                team_id=social_workers[p.social_worker].team_id,
            )
            for p in plans
        ],
    )
    period_rows: list[PeriodOfCare] = []
    for child, plan in zip(children, plans, strict=True):
        for period in plan.periods:
            period_rows.append(
                PeriodOfCare(
                    child_id=child.pk,
                    start_date=period.start,
                    start_known=period.start is not None,
                    end_date=period.end,
                    reason_ceased=period.reason_ceased,
                    first_known_date=period.first_known,
                    iro_notified_on=period.notified,
                    **period.derived,
                )
            )
    insert_rows(PeriodOfCare, period_rows)
    result.timed("write children and periods", started)

    started = time.perf_counter()
    episodes: list[Episode] = []
    allocations: list[IROAllocation] = []
    sw_episodes: list[SocialWorkerEpisode] = []
    reviews: list[Review] = []
    rows = iter(period_rows)
    for child, plan in zip(children, plans, strict=True):
        for period in plan.periods:
            row = next(rows)
            for start, end, rne, legal, need, place, rec in period.episodes:
                episodes.append(
                    Episode(
                        child_id=child.pk,
                        period_id=row.pk,
                        start_date=start,
                        end_date=end,
                        reason_new=rne,
                        legal_status=legal,
                        category_of_need=need,
                        placement=place,
                        reason_ended=rec,
                    )
                )
            for iro, start, end, reason in period.allocations:
                allocations.append(
                    IROAllocation(
                        child_id=child.pk,
                        iro=iros[iro],
                        start_date=start,
                        end_date=end,
                        reason=reason,
                    )
                )
            for r in period.reviews:
                reviews.append(
                    Review(
                        child_id=child.pk,
                        period_id=row.pk,
                        held_on=r.held_on,
                        status=r.status,
                        status_reason=r.reason,
                        participation_code=r.code,
                        chair=iros[r.chair] if r.chair >= 0 else None,
                        source=Review.Source.DEMO,
                        care_plan_received_on=r.care_plan_received_on,
                        permanence_plan_agreed=r.permanence_agreed,
                        number=r.number,
                        due_date=r.due,
                        in_timescale=r.in_time,
                        **r.extra,
                    )
                )
        sw_episodes.append(
            SocialWorkerEpisode(
                child_id=child.pk,
                social_worker=social_workers[plan.social_worker],
                start_date=plan.periods[-1].first_known,
                end_date=plan.periods[-1].end,
            )
        )
    insert_rows(Episode, episodes)
    insert_rows(IROAllocation, allocations)
    insert_rows(SocialWorkerEpisode, sw_episodes)
    insert_rows(Review, reviews)
    result.timed("write episodes, allocations and reviews", started)

    started = time.perf_counter()
    recommendations = _recommendations(shape, reviews, social_workers, plans, children, rng)
    insert_rows(Recommendation, recommendations)
    result.timed("write recommendations", started)

    extras_rng = random.Random(f"{rng.random()}:extras")  # nosec B311
    started = time.perf_counter()
    _oversights(shape, plans, children, iros, result, extras_rng, calendar_for(shape))
    result.timed("write oversights", started)
    started = time.perf_counter()
    _disputes(shape, plans, children, reviews, iros, result, extras_rng)
    result.timed("write disputes", started)

    started = time.perf_counter()
    _link_current_periods(children, period_rows)
    result.timed("link current periods", started)

    started = time.perf_counter()
    if shape.protection:
        _protection(shape, plans, children, iros, result, extras_rng)
    result.timed("write child protection", started)

    # The stored facts by their one writer: the review timetable (already written inline with
    # `--derive inline`, when this finds nothing to change), drift and the oversight standard.
    started = time.perf_counter()
    facts.refresh([c.pk for c in children], as_of=shape.as_of)
    result.timed("refresh stored facts", started)

    result.add("children", len(children))
    result.add("children_looked_after", sum(1 for p in plans if p.periods[-1].end is None))
    result.add("periods", len(period_rows))
    result.add("episodes", len(episodes))
    result.add("iro_allocations", len(allocations))
    result.add("social_worker_episodes", len(sw_episodes))
    result.add("reviews", len(reviews))
    result.add("recommendations", len(recommendations))


def _protection(
    shape: ServiceShape,
    plans: list[PlannedChild],
    children: list[Child],
    iros: list[ReviewingOfficer],
    result: GenerationResult,
    rng: random.Random,
) -> None:
    """Children on child protection plans beside this chunk's children in care, some of them
    the same children, chaired by the IROs who chair conferences (one in five)."""
    looked_after = [c for c, p in zip(children, plans, strict=True) if p.periods[-1].end is None]
    chairs = [iro for i, iro in enumerate(iros) if i % 5 == 4] or iros
    subjects = subjects_for(len(looked_after))
    counts = write_protection(
        rng,
        ProtectionShape(
            as_of=shape.as_of,
            since=add_months(shape.as_of, -12 * shape.protection_years),
            prefix=f"{shape.prefix}C",
            first_number=result.counts.get("cp_children_added", 0),
        ),
        looked_after=looked_after,
        new_children=round(subjects * (1 - ALSO_LOOKED_AFTER)),
        chairs=chairs,
        calendar=calendar_for(shape),
        names=(tuple(FIRST_NAMES), tuple(LAST_NAMES)),
        insert=insert_rows,
    )
    for name, n in counts.items():
        result.add(name, n)


def _link_current_periods(children: list[Child], periods: list[PeriodOfCare]) -> None:
    """Point each child still in care at their open period: one joined UPDATE on PostgreSQL
    (a correlated subquery per child is slow on freshly loaded tables), a subquery elsewhere."""
    if connection.vendor == "postgresql":
        pairs = [(p.child_id, p.pk) for p in periods if p.end_date is None]
        table, quote = Child._meta.db_table, connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} AS c SET current_period_id = v.pid "  # nosec B608
                "FROM unnest(%s::bigint[], %s::bigint[]) AS v(cid, pid) WHERE c.id = v.cid",
                [[c for c, _p in pairs], [p for _c, p in pairs]],
            )
        return
    Child.objects.filter(pk__in=[c.pk for c in children]).update(
        current_period=Subquery(
            PeriodOfCare.objects.filter(child=OuterRef("pk"), end_date__isnull=True).values("pk")[
                :1
            ]
        )
    )


_CALENDARS: dict[int, MemoCalendar] = {}


def calendar_for(shape: ServiceShape) -> MemoCalendar:
    calendar = _CALENDARS.get(id(shape))
    if calendar is None:
        _CALENDARS.clear()
        calendar = _CALENDARS[id(shape)] = MemoCalendar(working_day_calendar())
    return calendar


OVERSIGHT_TYPES = (
    ("case_record",) * 5 + ("discussion",) * 4 + ("contact_child",) * 2 + ("contact_carer",)
)
OVERSIGHT_NOTES = (
    "Case notes, visits and the care plan read; visits within timescale.",
    "Discussed the care plan with the social worker; actions agreed.",
    "Checked progress on the review recommendations.",
    "Spoke with the child about the next review and who they want there.",
    "Checked the placement plan and health assessment are up to date.",
)


def _oversights(
    shape: ServiceShape,
    plans: list[PlannedChild],
    children: list[Child],
    iros: list[ReviewingOfficer],
    result: GenerationResult,
    rng: random.Random,
    calendar: MemoCalendar,
) -> None:
    model = model_if_present("monitoring", "OversightRecord")
    if model is None or shape.oversights_per_year <= 0:
        return
    since = add_months(shape.as_of, -12 * shape.oversight_years)
    rows = []
    for child, plan in zip(children, plans, strict=True):
        for period in plan.periods:
            if not period.allocations:
                continue
            first = max(period.allocations[0][1], since)
            last = min(period.end or shape.as_of, shape.as_of)
            span = (last - first).days
            if span <= 0:
                continue
            count = int(span / 365 * shape.oversights_per_year + rng.random())
            for offset in sorted(rng.randint(0, span) for _ in range(count)):
                day = first + timedelta(days=offset)
                while not calendar.is_working_day(day) and day > first:
                    day -= timedelta(days=1)
                chair = _chair_on(period.allocations, day)
                rows.append(
                    model(
                        child_id=child.pk,
                        iro=iros[chair] if chair >= 0 else None,
                        date=day,
                        type=rng.choice(OVERSIGHT_TYPES),
                        what_checked=rng.choice(OVERSIGHT_NOTES),
                        next_check_on=day + timedelta(days=rng.choice((28, 42, 56))),
                    )
                )
    insert_rows(model, rows)
    result.add("oversights", len(rows))


DISPUTE_CATEGORIES = (
    ("drift_delay",) * 45
    + ("no_care_plan",) * 22
    + ("professional_difference",) * 9
    + ("no_social_worker",) * 5
    + ("outstanding_recommendations",) * 8
    + ("partner_health", "partner_health", "partner_health", "partner_education", "partner_other")
    + ("other",) * 6
)


def _disputes(
    shape: ServiceShape,
    plans: list[PlannedChild],
    children: list[Child],
    reviews: list[Review],
    iros: list[ReviewingOfficer],
    result: GenerationResult,
    rng: random.Random,
) -> None:
    dispute_model = model_if_present("disputes", "Dispute")
    event_model = model_if_present("disputes", "DisputeEvent")
    stage_model = model_if_present("disputes", "DisputeStage")
    if dispute_model is None or stage_model is None or shape.disputes_per_review <= 0:
        return
    stages = {stage.key: stage for stage in stage_model._default_manager.all()}
    if not {"informal", "stage_1", "stage_2"} <= set(stages):
        return
    calendar = calendar_for(shape)
    since = add_months(shape.as_of, -12 * shape.dispute_years)
    made = []
    for review in reviews:
        if review.status != Review.Status.HELD or review.held_on < since:
            continue
        if review.chair_id is None or rng.random() >= shape.disputes_per_review:
            continue
        raised = calendar.add_working_days(review.held_on, rng.randint(1, 10))
        if raised > shape.as_of:
            continue
        formal = rng.random() < 0.37  # Herefordshire: 77 formal of 209
        stage = stages["informal"]
        formal_on = formal_due = meeting_due = None
        if formal:
            formal_on = calendar.add_working_days(raised, rng.randint(0, 10))
            if formal_on > shape.as_of:
                formal_on = raised
            stage = stages["stage_2"] if rng.random() < 0.25 else stages["stage_1"]
            formal_due = calendar.add_working_days(formal_on, 20)
            meeting_due = calendar.add_working_days(formal_on, 15)
        stage_started = formal_on or raised
        response_due = calendar.add_working_days(stage_started, 5)
        end = calendar.add_working_days(stage_started, rng.randint(2, 28))
        resolved = end <= shape.as_of and rng.random() < 0.92
        made.append(
            (
                review,
                dispute_model(
                    scope="child",
                    child_id=review.child_id,
                    category=rng.choice(DISPUTE_CATEGORIES),
                    summary="Care plan actions from the review are not progressing.",
                    outcome_sought="An updated care plan with dates, shared before the next review.",
                    raised_on=raised,
                    raised_by_id=review.chair_id,
                    current_stage=stage,
                    highest_stage_order=stage.order,
                    stage_started_on=stage_started,
                    responder_name=stage.responder_role,
                    response_due=response_due,
                    responded_on=min(end, shape.as_of) if resolved else None,
                    is_formal=formal,
                    formal_raised_on=formal_on,
                    formal_due=formal_due,
                    meeting_due=meeting_due,
                    status="resolved" if resolved else "open",
                    resolved_on=end if resolved else None,
                    outcome="Care plan updated and shared." if resolved else "",
                    last_event_on=end if resolved else stage_started,
                    last_event_summary="Resolved" if resolved else "Raised",
                ),
            )
        )
    # References in the order raised, numbered within each year (DR-2026-0001, ...).
    # After any already held (append mode adds to a service).
    per_year: dict[int, int] = {}
    for reference in dispute_model._default_manager.values_list("reference", flat=True):
        if match := REFERENCE_PATTERN.match(reference):
            year, number = int(match.group(1)), int(match.group(2))
            per_year[year] = max(per_year.get(year, 0), number)
    for _review, dispute in sorted(made, key=lambda pair: pair[1].raised_on):
        per_year[dispute.raised_on.year] = per_year.get(dispute.raised_on.year, 0) + 1
        dispute.reference = dispute_reference(
            dispute.raised_on.year, per_year[dispute.raised_on.year]
        )
    disputes = insert_rows(dispute_model, [d for _r, d in made])
    result.add("disputes", len(disputes))
    if event_model is None:
        return
    events = []
    for dispute in disputes:
        events.append(
            event_model(
                dispute_id=dispute.pk,
                kind="raised",
                stage=dispute.current_stage,
                occurred_on=dispute.raised_on,
                text=dispute.summary,
                deadline=dispute.response_due,
                responder_label=dispute.responder_name,
            )
        )
        if dispute.resolved_on is not None:
            events.append(
                event_model(
                    dispute_id=dispute.pk,
                    kind="resolved",
                    stage=dispute.current_stage,
                    occurred_on=dispute.resolved_on,
                    text=dispute.outcome,
                )
            )
    insert_rows(event_model, events)
    result.add("dispute_events", len(events))


def _recommendations(
    shape: ServiceShape,
    reviews: list[Review],
    social_workers: list[SocialWorker],
    plans: list[PlannedChild],
    children: list[Child],
    rng: random.Random,
) -> list[Recommendation]:
    owner_by_child = {
        c.pk: social_workers[p.social_worker].name for c, p in zip(children, plans, strict=True)
    }
    per_review = shape.recommendations_per_review
    made: list[Recommendation] = []
    for review in reviews:
        if review.status != Review.Status.HELD:
            continue
        count = int(per_review + rng.random() * per_review)
        for _ in range(count):
            due = review.held_on + timedelta(days=rng.randint(20, 90))
            status, completed = Recommendation.Status.OPEN, None
            if due < shape.as_of:
                roll = rng.random()
                if roll < 0.75:
                    status = Recommendation.Status.DONE
                    completed = min(shape.as_of, due - timedelta(days=rng.randint(-20, 30)))
                    completed = max(completed, review.held_on)
                elif roll < 0.8:
                    status = Recommendation.Status.NO_LONGER_NEEDED
            made.append(
                Recommendation(
                    review_id=review.pk,
                    child_id=review.child_id,
                    action=rng.choice(RECOMMENDATION_ACTIONS),
                    owner_name=owner_by_child[review.child_id],
                    due_date=due,
                    status=status,
                    completed_on=completed,
                )
            )
    return made


# --- Other modules' records, once their models exist --------------------------------------------


def model_if_present(app_label: str, model_name: str) -> Any:
    """A model of another module when it has landed, else None (the generator runs before and
    after each module arrives)."""
    if not apps.is_installed(f"iro.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def snapshot_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every generated row by natural key (no primary keys or timestamps), to compare runs."""

    def rows(queryset: Any) -> list[tuple[Any, ...]]:
        return sorted(queryset, key=repr)

    extra: dict[str, list[tuple[Any, ...]]] = {}
    plan = model_if_present("conferences", "ChildProtectionPlan")
    if plan is not None:
        extra["cp_plans"] = rows(
            plan._default_manager.values_list(
                "child__la_child_id",
                "start_date",
                "end_date",
                "initial_category",
                "previous_plans",
                "next_review_due",
            )
        )
    oversight = model_if_present("monitoring", "OversightRecord")
    if oversight is not None:
        extra["oversights"] = rows(
            oversight._default_manager.values_list(
                "child__la_child_id", "iro__user__username", "date", "type"
            )
        )
    dispute = model_if_present("disputes", "Dispute")
    if dispute is not None:
        extra["disputes"] = rows(
            dispute._default_manager.values_list(
                "child__la_child_id",
                "raised_on",
                "category",
                "is_formal",
                "status",
                "resolved_on",
                "raised_by__user__username",
            )
        )
    extra["foster_households"] = rows(
        FosterHousehold.objects.values_list(
            "reference",
            "approved_on",
            "chair__user__username",
            "approval_ended_on",
            "reviews_held",
            "next_review_due",
        )
    )
    extra["foster_reviews"] = rows(
        FosterCarerReview.objects.values_list(
            "household__reference",
            "held_on",
            "number",
            "due_on",
            "in_timescale",
            "recommendation",
            "agency_decision_on",
        )
    )
    extra["supervision_orders"] = rows(
        SupervisionOrder.objects.values_list(
            "child__la_child_id", "made_on", "ends_on", "chair__user__username"
        )
    )
    return extra | {
        "iros": rows(
            ReviewingOfficer.objects.values_list(
                "user__username", "name", "fte", "contract", "start_date", "other_duties_weight"
            )
        ),
        "children": rows(
            Child.objects.values_list(
                "la_child_id",
                "first_name",
                "last_name",
                "date_of_birth",
                "sex",
                "sibling_group",
                "iro__user__username",
                "social_worker__sw_id",
                "current_period__first_known_date",
            )
        ),
        "periods": rows(
            PeriodOfCare.objects.values_list(
                "child__la_child_id",
                "start_date",
                "end_date",
                "first_known_date",
                "reason_ceased",
                "reviews_held",
                "next_review_due",
                "iro_allocation_due",
            )
        ),
        "episodes": rows(
            Episode.objects.values_list(
                "child__la_child_id",
                "start_date",
                "end_date",
                "reason_new",
                "legal_status",
                "placement",
                "reason_ended",
            )
        ),
        "allocations": rows(
            IROAllocation.objects.values_list(
                "child__la_child_id", "iro__user__username", "start_date", "end_date"
            )
        ),
        "reviews": rows(
            Review.objects.values_list(
                "child__la_child_id",
                "held_on",
                "status",
                "participation_code",
                "chair__user__username",
                "number",
                "due_date",
                "in_timescale",
            )
        ),
        "recommendations": rows(
            Recommendation.objects.values_list(
                "child__la_child_id",
                "review__held_on",
                "action",
                "due_date",
                "status",
                "completed_on",
            )
        ),
    }
