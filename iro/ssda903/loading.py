"""Applying checked 903 years to the database, all or nothing.

Inside one transaction: read what is stored for the children in the files, lay each year over it
in date order (a later year updates and extends an earlier one; re-importing a year replaces that
year's view of the same children), check each child's whole episode history (order, overlaps,
gaps inside a period of care, reviews inside an episode), derive periods of care, then write only
what differs, in batches. Any error rolls everything back.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from types import SimpleNamespace
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from iro.accounts.models import User
from iro.children.codes import SHORT_BREAK_LEGAL_STATUSES
from iro.children.models import Child, Episode, PeriodOfCare, SocialWorker, SocialWorkerEpisode
from iro.core.bulk import db_value_preparer, update_rows
from iro.reviews.models import Review
from iro.timetable.care import within_period

from .checking import EpisodeRow, Report, TooManyErrors, YearData, year_window
from .models import YearReturn
from .reading import year_label

BATCH = 1000
INSERT_BATCH = 5000
RETURN_TABLES = ("header", "episodes", "reviews", "sw_episodes")
_SEX_MEANING = {"1": "M", "2": "F"}
_IN_CHUNK = 900
T = TypeVar("T")


def _chunks(items: list[T], size: int = _IN_CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(slots=True)
class StoredReview:
    pk: int | None
    held_on: date
    code: str
    source: str
    status: str
    period_pk: int | None
    file: str = ""
    row: int | None = None


@dataclass
class ChildState:
    la_id: str
    pk: Any = None
    dob: Any = None
    sex: str = ""
    ethnic: str = ""
    upn: str = ""
    year: int | None = None
    current_period_pk: int | None = None
    social_worker_pk: int | None = None
    header_changed: bool = False
    episodes: dict[date, EpisodeRow] = field(default_factory=dict)
    reviews: list[StoredReview] = field(default_factory=list)
    touched: bool = False


@dataclass
class DerivedPeriod:
    start_known: bool
    start_date: date | None
    first_known_date: date
    episodes: list[EpisodeRow]
    end_date: date | None = None
    reason_ceased: str = ""
    pk: Any = None

    @property
    def short_breaks_only(self) -> bool:
        return all(ep.ls in SHORT_BREAK_LEGAL_STATUSES for ep in self.episodes)

    def covers(self, on: date) -> bool:
        return within_period(on, start=self.first_known_date, end=self.end_date)

    def values(self) -> tuple[Any, ...]:
        return (
            self.start_date,
            self.start_known,
            self.first_known_date,
            self.end_date,
            self.reason_ceased,
            self.short_breaks_only,
        )


@dataclass
class Changes:
    counts: Counter[str] = field(default_factory=Counter)
    touched_periods: set[int] = field(default_factory=set)
    # The children of the touched periods still there after the load (whose facts to refresh).
    touched_children: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {key: n for key, n in sorted(self.counts.items()) if n}


def derive_periods(episodes: list[EpisodeRow]) -> list[DerivedPeriod]:
    """Periods of care from a child's episodes in date order: RNE S starts one, an episode
    ceasing with a reason other than X1 ends it; a first episode that is not S belongs to a period
    that began before the data (start unknown)."""
    periods: list[DerivedPeriod] = []
    current: DerivedPeriod | None = None
    for episode in episodes:
        if current is not None and episode.rne != "S" and current.end_date is not None:
            # A reason that ends the period, yet the next episode continues it the same day
            # (checked and warned about): the period goes on.
            current.end_date, current.reason_ceased = None, ""
        if current is None or episode.rne == "S":
            starts = episode.rne == "S"
            current = DerivedPeriod(
                start_known=starts,
                start_date=episode.decom if starts else None,
                first_known_date=episode.decom,
                episodes=[],
            )
            periods.append(current)
        current.episodes.append(episode)
        if episode.dec is not None and episode.rec and episode.rec != "X1":
            current.end_date, current.reason_ceased = episode.dec, episode.rec
    return periods


class Loader:
    def __init__(self, years: dict[int, YearData], report: Report, progress: Any) -> None:
        self.years = years
        self.report = report
        self.progress = progress
        self.children: dict[str, ChildState] = {}
        self.changes = Changes()
        self.stored_periods: dict[int, dict[str, Any]] = {}
        self.sw_years: dict[str, dict[tuple[date, str], Any]] = defaultdict(dict)
        self._by_pk: dict[int, ChildState] = {}
        self._removed_reviews: list[int] = []
        self._orphans: dict[int, tuple[str, int]] = {}
        self._stored_episode_values: dict[int, tuple[Any, ...]] = {}
        self._stored_episode_years: dict[int, int | None] = {}
        self._stored_review_values: dict[int, tuple[str, int | None]] = {}

    # --- reading what is stored ----------------------------------------------------------

    def load_stored(self) -> None:
        la_ids = sorted(
            {la for data in self.years.values() for la in (*data.header, *data.episodes)}
        )
        for la in la_ids:
            self.children[la] = ChildState(la_id=la)
        by_pk: dict[int, ChildState] = {}
        for chunk in _chunks(la_ids):
            for row in Child.objects.filter(la_child_id__in=chunk).values(
                "pk",
                "la_child_id",
                "date_of_birth",
                "sex",
                "ethnicity",
                "upn",
                "ssda903_year",
                "current_period_id",
                "social_worker_id",
            ):
                state = self.children[row["la_child_id"]]
                state.pk, state.dob, state.sex = row["pk"], row["date_of_birth"], row["sex"]
                state.ethnic, state.upn, state.year = (
                    row["ethnicity"],
                    row["upn"],
                    row["ssda903_year"],
                )
                state.current_period_pk = row["current_period_id"]
                state.social_worker_pk = row["social_worker_id"]
                by_pk[row["pk"]] = state
        pks = sorted(by_pk)
        for ids in _chunks(pks):
            for ep in Episode.objects.filter(child_id__in=ids).values(
                "pk", "child_id", "period_id", "start_date", *_EPISODE_COLUMNS
            ):
                by_pk[ep["child_id"]].episodes[ep["start_date"]] = EpisodeRow(
                    decom=ep["start_date"],
                    rne=ep["reason_new"],
                    ls=ep["legal_status"],
                    cin=ep["category_of_need"],
                    place=ep["placement"],
                    provider=ep["placement_provider"],
                    dec=ep["end_date"],
                    rec=ep["reason_ended"],
                    reason_place_change=ep["reason_place_change"],
                    home_post=ep["home_postcode"],
                    pl_post=ep["placement_postcode"],
                    urn=ep["urn"],
                    year=ep["ssda903_year"],
                    pk=ep["pk"],
                    period_pk=ep["period_id"],
                )
            for review in Review.objects.filter(child_id__in=ids).values(
                "pk", "child_id", "held_on", "participation_code", "source", "status", "period_id"
            ):
                by_pk[review["child_id"]].reviews.append(
                    StoredReview(
                        pk=review["pk"],
                        held_on=review["held_on"],
                        code=review["participation_code"],
                        source=review["source"],
                        status=review["status"],
                        period_pk=review["period_id"],
                    )
                )
            for period in PeriodOfCare.objects.filter(child_id__in=ids).values(
                "pk",
                "child_id",
                "start_date",
                "start_known",
                "first_known_date",
                "end_date",
                "reason_ceased",
                "short_breaks_only",
            ):
                self.stored_periods[period["pk"]] = dict(period)
        self._by_pk = by_pk
        for child_state in by_pk.values():
            for stored_ep in child_state.episodes.values():
                assert stored_ep.pk is not None
                self._stored_episode_values[stored_ep.pk] = stored_ep.values()
                self._stored_episode_years[stored_ep.pk] = stored_ep.year
            for stored_review in child_state.reviews:
                assert stored_review.pk is not None
                self._stored_review_values[stored_review.pk] = (
                    stored_review.code,
                    stored_review.period_pk,
                )

    # --- laying each year over what is stored ------------------------------------------------

    def apply_years(self) -> None:
        for year in sorted(self.years):
            data = self.years[year]
            self.progress(f"Checking {year_label(year)} against what is already recorded", 0)
            self._apply_header(data)
            self._apply_episodes(data)
            self._check_histories(data)
            self._apply_reviews(data)
            self._apply_social_workers(data)

    def _apply_header(self, data: YearData) -> None:
        for la, row in data.header.items():
            state = self.children[la]
            state.touched = True
            if state.pk is not None and state.year is not None and state.year != data.year:
                self._check_held_details(la, state, row, data.year)
            if state.pk is not None and state.year is not None and state.year > data.year:
                continue  # a later year's header already set these details
            new = (row.dob, row.sex, row.ethnic, row.upn)
            if (state.dob, state.sex, state.ethnic, state.upn) != new or state.year != data.year:
                state.dob, state.sex, state.ethnic, state.upn = new
                state.year = data.year
                state.header_changed = True

    def _check_held_details(self, la: str, state: ChildState, row: Any, year: int) -> None:
        """A date of birth or sex that differs from what another year's return gave (DfE rules
        203 and 202; 1/2 and M/F are the same sexes). A correction within the same year is
        allowed: that year's file replaces what it said before."""
        held_in = year_label(state.year) if state.year is not None else ""
        if state.dob != row.dob:
            self.report.error(
                row.file,
                row.row,
                "DOB",
                f"{row.dob:%d/%m/%Y}",
                f"Date of birth differs from the date of birth already recorded for child {la}"
                f" ({state.dob:%d/%m/%Y}, from the {held_in} return)",
                rule="203",
            )
        elif _SEX_MEANING.get(state.sex, state.sex) != _SEX_MEANING.get(row.sex, row.sex):
            self.report.error(
                row.file,
                row.row,
                "SEX",
                row.sex,
                f"Sex differs from the sex already recorded for child {la} ({state.sex}, from the"
                f" {held_in} return)",
                rule="202",
            )

    def _apply_episodes(self, data: YearData) -> None:
        start, end = year_window(data.year)
        label = year_label(data.year)
        for la in data.header:
            state = self.children[la]
            incoming = data.episodes.get(la, {})
            # The year's file replaces that year's view of the child's episodes.
            for decom, stored in list(state.episodes.items()):
                if decom in incoming:
                    continue
                in_year = decom <= end and (stored.dec is None or stored.dec >= start)
                if in_year and (stored.year is None or stored.year <= data.year):
                    del state.episodes[decom]
                    if stored.pk is not None:
                        self.report.warning(
                            data.files.get("episodes", ""),
                            None,
                            "DECOM",
                            f"{decom:%d/%m/%Y}",
                            f"Child {la}'s episode starting {decom:%d/%m/%Y} was recorded before"
                            f" but is not in the {label} episodes file, so it was removed",
                        )
        for la, incoming in data.episodes.items():
            state = self.children[la]
            for decom, episode in incoming.items():
                known = state.episodes.get(decom)
                if known is None:
                    state.episodes[decom] = episode
                    continue
                if known.year is not None and known.year > data.year:
                    continue  # a later year already says how this episode went
                if (
                    known.dec is not None
                    and (known.dec, known.rec) != (episode.dec, episode.rec)
                    and known.year is not None
                    and known.year < data.year
                ):
                    self.report.warning(
                        episode.file,
                        episode.row,
                        "DEC",
                        f"{episode.dec:%d/%m/%Y}" if episode.dec else "",
                        f"Child {la}'s episode starting {decom:%d/%m/%Y} ended on "
                        f"{known.dec:%d/%m/%Y} ({known.rec}) in {year_label(known.year)};"
                        f" the {label} file closes it differently, and its version was loaded",
                    )
                episode.pk, episode.period_pk = known.pk, known.period_pk
                state.episodes[decom] = episode

    def _check_histories(self, data: YearData) -> None:
        """Episodes in order without overlaps, and no gap inside a period of care."""
        for la in data.header:
            state = self.children[la]
            ordered = [state.episodes[d] for d in sorted(state.episodes)]
            for before, after in pairwise(ordered):
                found = _sequence_problem(before, after)
                if found is None:
                    continue
                severity, problem = found
                at = after if after.file else before
                column, value = (
                    ("DECOM", f"{after.decom:%d/%m/%Y}")
                    if at is after
                    else (
                        "DEC",
                        f"{before.dec:%d/%m/%Y}" if before.dec else "",
                    )
                )
                record = self.report.error if severity == "error" else self.report.warning
                record(at.file, at.row, column, value, f"Child {la}: {problem}")

    def _apply_reviews(self, data: YearData) -> None:
        start, end = year_window(data.year)
        for la in data.header:
            state = self.children[la]
            incoming = data.reviews.get(la, {})
            kept: list[StoredReview] = []
            for review in state.reviews:
                replaced = (
                    review.source == Review.Source.SSDA903
                    and review.status == Review.Status.HELD
                    and start <= review.held_on <= end
                    and review.held_on not in incoming
                )
                if not replaced:
                    kept.append(review)
                elif review.pk is not None:
                    self.changes.counts["reviews_removed"] += 1
                    self._removed_reviews.append(review.pk)
            state.reviews = kept
            if not incoming:
                continue
            starts = sorted(state.episodes)
            held = {r.held_on: r for r in state.reviews if r.status == Review.Status.HELD}
            for held_on, row in incoming.items():
                i = bisect.bisect_right(starts, held_on) - 1
                episode = state.episodes[starts[i]] if i >= 0 else None
                if episode is None or (episode.dec is not None and held_on > episode.dec):
                    self.report.error(
                        row.file,
                        row.row,
                        "REVIEW",
                        f"{held_on:%d/%m/%Y}",
                        f"Child {la}'s review on {held_on:%d/%m/%Y} is not during any of their"
                        " episodes of care",
                    )
                    continue
                existing = held.get(held_on)
                if existing is None:
                    new = StoredReview(
                        None, held_on, row.code, "903", "held", None, row.file, row.row
                    )
                    state.reviews.append(new)
                    held[held_on] = new
                elif existing.source != Review.Source.SSDA903:
                    if existing.code and existing.code != row.code:
                        self.report.warning(
                            row.file,
                            row.row,
                            "REVIEW_CODE",
                            row.code,
                            f"Child {la}'s review on {held_on:%d/%m/%Y} was recorded in IRO "
                            f"Oversight with {existing.code}; that record was kept",
                        )
                else:
                    existing.code, existing.file, existing.row = row.code, row.file, row.row

    def _apply_social_workers(self, data: YearData) -> None:
        for la, rows in data.social_workers.items():
            for key, row in rows.items():
                self.sw_years[la][key] = row

    # --- writing ---------------------------------------------------------------------------

    def write(self, acting_user: User | None) -> None:
        self.progress("Saving children", 0)
        self._write_children()
        self.progress("Saving periods of care and episodes", 0)
        plans = self._write_periods_and_episodes()
        self.progress("Saving reviews", 0)
        self._write_reviews(plans)
        self._write_current_periods(plans)
        self._write_social_workers()
        self.progress("Saving each year's return", 0)
        self._write_returns()
        owner = {
            period.pk: self.children[la].pk for la, periods in plans.items() for period in periods
        }
        self.changes.touched_children = {
            owner[pk] for pk in self.changes.touched_periods if pk in owner
        }

    def _write_returns(self) -> None:
        """Keep each year's rows as imported (YearReturn), replacing that year's rows of the
        children in its files, table by table (a table not imported keeps what it had)."""
        fields = [t for t in RETURN_TABLES]
        for year, data in sorted(self.years.items()):
            tables = [t for t in fields if t in data.files]
            if not tables:
                continue
            order = {la: row.row for la, row in data.header.items()}
            children = sorted({la for t in tables for la in data.lines.get(t, {})})
            stored: dict[str, tuple[int, int, dict[str, str]]] = {}
            for chunk in _chunks(children):
                for row in YearReturn.objects.filter(year=year, la_child_id__in=chunk).values(
                    "pk", "la_child_id", "seq", *fields
                ):
                    stored[row["la_child_id"]] = (
                        row["pk"],
                        row["seq"],
                        {t: row[t] for t in fields},
                    )
            new: list[tuple[Any, ...]] = []
            changed: list[SimpleNamespace] = []
            for la in children:
                texts = {t: "\n".join(data.lines.get(t, {}).get(la, [])) for t in tables}
                seq = order.get(la, 10**9)
                before = stored.get(la)
                if before is None:
                    new.append((year, la, seq, *(texts.get(t, "") for t in fields)))
                    continue
                pk, old_seq, old = before
                if old_seq != seq or any(old[t] != texts[t] for t in tables):
                    changed.append(SimpleNamespace(pk=pk, seq=seq, **{**old, **texts}))
            insert_values(YearReturn, ["year", "la_child_id", "seq", *fields], new)
            update_rows(YearReturn, changed, ["seq", *fields])
            self.changes.counts["year_returns_created"] += len(new)
            self.changes.counts["year_returns_updated"] += len(changed)

    def _write_children(self) -> None:
        columns = ["date_of_birth", "sex", "ethnicity", "upn", "ssda903_year"]
        new: list[ChildState] = []
        changed: list[SimpleNamespace] = []
        for state in self.children.values():
            if not state.header_changed:
                continue
            if state.pk is None:
                new.append(state)
                continue
            changed.append(
                SimpleNamespace(
                    pk=state.pk,
                    date_of_birth=state.dob,
                    sex=state.sex,
                    ethnicity=state.ethnic,
                    upn=state.upn,
                    ssda903_year=state.year,
                )
            )
        update_rows(Child, changed, columns)
        pks = insert_values(
            Child,
            ["la_child_id", *columns],
            [(c.la_id, c.dob, c.sex, c.ethnic, c.upn, c.year) for c in new],
            keys=True,
        )
        if pks is not None:
            for state, pk in zip(new, pks, strict=True):
                state.pk = pk
        else:
            for la_ids in _chunks([c.la_id for c in new]):
                for la, pk in Child.objects.filter(la_child_id__in=la_ids).values_list(
                    "la_child_id", "pk"
                ):
                    self.children[la].pk = pk
        self.changes.counts["children_created"] += len(new)
        self.changes.counts["children_updated"] += len(changed)

    def _write_periods_and_episodes(self) -> dict[str, list[DerivedPeriod]]:
        plans: dict[str, list[DerivedPeriod]] = {}
        new_periods: list[tuple[int, DerivedPeriod]] = []
        changed_periods: list[SimpleNamespace] = []
        claimed: set[int] = set()
        stored_by_child: dict[int, list[int]] = defaultdict(list)
        for stored_pk, row in self.stored_periods.items():
            stored_by_child[row["child_id"]].append(stored_pk)
        orphans: dict[int, tuple[str, int]] = {}
        for state in self.children.values():
            if not state.episodes:
                continue
            assert state.pk is not None
            periods = derive_periods([state.episodes[d] for d in sorted(state.episodes)])
            plans[state.la_id] = periods
            mine = stored_by_child.get(state.pk, [])
            by_first = {self.stored_periods[pk]["first_known_date"]: pk for pk in mine}
            for period in periods:
                votes = Counter(
                    ep.period_pk
                    for ep in period.episodes
                    if ep.period_pk is not None and ep.period_pk not in claimed
                )
                pk = votes.most_common(1)[0][0] if votes else None
                if pk is None:
                    candidate = by_first.get(period.first_known_date)
                    pk = candidate if candidate is not None and candidate not in claimed else None
                if pk is None:
                    new_periods.append((state.pk, period))
                    continue
                claimed.add(pk)
                period.pk = pk
                stored = self.stored_periods[pk]
                stored_values = (
                    stored["start_date"],
                    stored["start_known"],
                    stored["first_known_date"],
                    stored["end_date"],
                    stored["reason_ceased"],
                    stored["short_breaks_only"],
                )
                if stored_values != period.values():
                    changed_periods.append(SimpleNamespace(pk=pk, **_period_fields(period)))
                    self.changes.touched_periods.add(pk)
            for pk in mine:
                if pk not in claimed:
                    orphans[pk] = (state.la_id, pk)
        period_fields = [
            "start_date",
            "start_known",
            "first_known_date",
            "end_date",
            "reason_ceased",
            "short_breaks_only",
        ]
        update_rows(PeriodOfCare, changed_periods, period_fields)
        pks = insert_values(
            PeriodOfCare,
            ["child_id", *period_fields],
            [(child_pk, *period.values()) for child_pk, period in new_periods],
            keys=True,
        )
        if pks is None:
            # The new rows by their child and first known date (a stored period of the same
            # child and date, about to be removed as an orphan, is not one of them).
            lookup = {
                (row[0], row[1]): row[2]
                for chunk in _chunks(sorted({child_pk for child_pk, _ in new_periods}))
                for row in PeriodOfCare.objects.filter(child_id__in=chunk).values_list(
                    "child_id", "first_known_date", "pk"
                )
                if row[2] not in self.stored_periods
            }
            pks = [lookup[(child_pk, p.first_known_date)] for child_pk, p in new_periods]
        for (_, derived), pk in zip(new_periods, pks, strict=True):
            derived.pk = pk
            self.changes.touched_periods.add(pk)
        self.changes.counts["periods_created"] += len(new_periods)
        self.changes.counts["periods_updated"] += len(changed_periods)
        self._orphans = orphans
        self._write_episodes(plans)
        return plans

    def _write_episodes(self, plans: dict[str, list[DerivedPeriod]]) -> None:
        new: list[tuple[Any, ...]] = []
        changed: list[SimpleNamespace] = []
        keep: set[int] = set()
        for la, periods in plans.items():
            state = self.children[la]
            for period in periods:
                for ep in period.episodes:
                    if ep.pk is None:
                        new.append((state.pk, period.pk, ep.decom, *_episode_values(ep)))
                        self.changes.touched_periods.add(period.pk)
                        continue
                    keep.add(ep.pk)
                    if (
                        ep.values() != self._stored_episode_values[ep.pk]
                        or ep.period_pk != period.pk
                        or ep.year != self._stored_episode_years[ep.pk]
                    ):
                        changed.append(
                            SimpleNamespace(
                                pk=ep.pk,
                                period_id=period.pk,
                                **dict(zip(_EPISODE_COLUMNS, _episode_values(ep), strict=True)),
                            )
                        )
                        self.changes.touched_periods.add(period.pk)
        removed = [pk for pk in self._stored_episode_values if pk not in keep]
        for chunk in _chunks(removed):
            Episode.objects.filter(pk__in=chunk).delete()
        update_rows(Episode, changed, ["period_id", *_EPISODE_COLUMNS])
        insert_values(Episode, ["child_id", "period_id", "start_date", *_EPISODE_COLUMNS], new)
        self.changes.counts["episodes_created"] += len(new)
        self.changes.counts["episodes_updated"] += len(changed)
        self.changes.counts["episodes_removed"] += len(removed)

    def _write_reviews(self, plans: dict[str, list[DerivedPeriod]]) -> None:
        for chunk in _chunks(self._removed_reviews):
            Review.objects.filter(pk__in=chunk).delete()
        new: list[tuple[Any, ...]] = []
        changed: list[SimpleNamespace] = []
        for la, periods in plans.items():
            state = self.children[la]
            for review in state.reviews:
                period = _period_for(periods, review.held_on)
                period_pk: Any = period.pk if period is not None else review.period_pk
                if review.pk is None:
                    new.append((state.pk, period_pk, review.held_on, review.code, _HELD, _FROM_903))
                    self.changes.touched_periods.add(period_pk)
                    continue
                stored = self._stored_review_values[review.pk]
                if (review.code, period_pk) != stored:
                    changed.append(
                        SimpleNamespace(
                            pk=review.pk, period_id=period_pk, participation_code=review.code
                        )
                    )
                    self.changes.touched_periods.add(period_pk)
                    if stored[1] is not None:
                        self.changes.touched_periods.add(stored[1])
            for period in periods:
                if period.short_breaks_only:
                    for review in state.reviews:
                        if review.file and period.covers(review.held_on):
                            self.report.warning(
                                review.file,
                                review.row,
                                "REVIEW",
                                f"{review.held_on:%d/%m/%Y}",
                                f"Child {la} is looked after only under short breaks (V3/V4), "
                                "which have no CLA reviews in the 903",
                            )
        update_rows(Review, changed, ["period_id", "participation_code"])
        insert_values(
            Review,
            ["child_id", "period_id", "held_on", "participation_code", "status", "source"],
            new,
        )
        self.changes.counts["reviews_created"] += len(new)
        self.changes.counts["reviews_updated"] += len(changed)
        self._repoint_orphans(plans)

    def _repoint_orphans(self, plans: dict[str, list[DerivedPeriod]]) -> None:
        """Periods of care that no longer exist: move anything else that refers to them to the
        period now covering their start, then delete them."""
        if not self._orphans:
            return
        relations = [
            rel
            for rel in PeriodOfCare._meta.related_objects
            if rel.one_to_many and rel.related_model not in (Episode, Review)
        ]
        for old_pk, (la, _) in self._orphans.items():
            periods = plans.get(la, [])
            if not periods:
                continue
            first = self.stored_periods[old_pk]["first_known_date"]
            target = _period_for(periods, first) or periods[-1]
            for rel in relations:
                model: type[models.Model] = rel.related_model  # type: ignore[assignment]
                model._default_manager.filter(**{rel.field.name: old_pk}).update(
                    **{rel.field.name: target.pk}
                )
        Child.objects.filter(current_period_id__in=list(self._orphans)).update(current_period=None)
        for chunk in _chunks(list(self._orphans)):
            PeriodOfCare.objects.filter(pk__in=chunk).delete()
        self.changes.counts["periods_removed"] += len(self._orphans)

    def _write_current_periods(self, plans: dict[str, list[DerivedPeriod]]) -> None:
        changed: list[SimpleNamespace] = []
        for la, periods in plans.items():
            state = self.children[la]
            current = periods[-1].pk if periods and periods[-1].end_date is None else None
            if current != state.current_period_pk or (
                state.current_period_pk is not None and state.current_period_pk in self._orphans
            ):
                changed.append(SimpleNamespace(pk=state.pk, current_period_id=current))
        update_rows(Child, changed, ["current_period"])

    def _write_social_workers(self) -> None:
        if not self.sw_years:
            return
        ids = sorted({key[1] for rows in self.sw_years.values() for key in rows})
        workers = dict(SocialWorker.objects.filter(sw_id__in=ids).values_list("sw_id", "pk"))
        missing = [
            SocialWorker(name=f"Social worker {i}", sw_id=i) for i in ids if i not in workers
        ]
        if missing:
            SocialWorker.objects.bulk_create(missing)
            workers = dict(SocialWorker.objects.filter(sw_id__in=ids).values_list("sw_id", "pk"))
            self.changes.counts["social_workers_created"] += len(missing)
        child_pks = {la: self.children[la].pk for la in self.sw_years}
        stored: dict[tuple[int, date, int], tuple[int, date | None, str]] = {}
        for chunk in _chunks(sorted(pk for pk in child_pks.values() if pk)):
            for row in SocialWorkerEpisode.objects.filter(child_id__in=chunk).values_list(
                "pk", "child_id", "start_date", "social_worker_id", "end_date", "reason_ended"
            ):
                stored[(row[1], row[2], row[3])] = (row[0], row[4], row[5])
        new: list[SocialWorkerEpisode] = []
        changed: list[SocialWorkerEpisode] = []
        current: list[Child] = []
        for la, rows in self.sw_years.items():
            child_pk = child_pks[la]
            latest: tuple[date, int] | None = None
            for (start, sw_id), row in rows.items():
                worker = workers[sw_id]
                key = (child_pk, start, worker)
                before = stored.get(key)
                if before is None:
                    new.append(
                        SocialWorkerEpisode(
                            child_id=child_pk,
                            social_worker_id=worker,
                            start_date=start,
                            end_date=row.end,
                            reason_ended=row.reason,
                        )
                    )
                elif (before[1], before[2]) != (row.end, row.reason):
                    changed.append(
                        SocialWorkerEpisode(pk=before[0], end_date=row.end, reason_ended=row.reason)
                    )
                if row.end is None and (latest is None or start > latest[0]):
                    latest = (start, worker)
            state = self.children[la]
            if latest is not None and latest[1] != state.social_worker_pk:
                current.append(Child(pk=child_pk, social_worker_id=latest[1]))
        SocialWorkerEpisode.objects.bulk_create(new)
        update_rows(SocialWorkerEpisode, changed, ["end_date", "reason_ended"])
        update_rows(Child, current, ["social_worker_id"])
        self.changes.counts["social_worker_episodes_created"] += len(new)
        self.changes.counts["social_worker_episodes_updated"] += len(changed)


def insert_rows(model: type[models.Model], objs: list[Any]) -> None:
    """INSERT model instances whose primary keys are not needed afterwards (`insert_values`)."""
    fields = [
        f
        for f in model._meta.local_concrete_fields
        if not f.primary_key and not getattr(f, "auto_now_add", False)
    ]
    names = [f.attname for f in fields]
    insert_values(model, names, [[_text(getattr(obj, name)) for name in names] for obj in objs])


def insert_values(
    model: type[models.Model], columns: list[str], rows: list[Any], *, keys: bool = False
) -> list[int] | None:
    """INSERT plain rows (sequences of values for `columns`, attribute names) without building
    model objects: the import's values are already checked, and building and preparing a model
    per row was most of the time of writing (plain values: text, not choices enums). Every
    other column gets its field's default (a timestamp set on creation: now), as Django's save
    would. PostgreSQL takes the rows through COPY, SQLite through executemany in large
    batches. With `keys`, returns the new rows' primary keys in order on PostgreSQL (drawn from
    the table's sequence first); on SQLite it returns None and the caller looks them up by their
    natural key."""
    if not rows:
        return [] if keys else None
    meta = model._meta
    given: list[Any] = [meta.get_field(name) for name in columns]
    named = {f.attname for f in given}
    now = timezone.now()
    rest: list[Any] = []
    defaults: list[Any] = []
    for f in meta.local_concrete_fields:
        if f.primary_key or f.attname in named:
            continue
        rest.append(f)
        auto = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        defaults.append(now if auto else _text(f.get_default()))
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in [*given, *rest])
    if connection.vendor == "postgresql":
        pks: list[int] | None = None
        with connection.cursor() as cursor:
            if keys:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, len(rows)],
                )
                pks = [pk for (pk,) in cursor.fetchall()]
                names = f"{quote(meta.pk.column)}, {names}"
            # Only model metadata (quoted) goes into the SQL text; the values are COPY data.
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
                # The values are plain (text, numbers, dates): no choices enums.
                if pks is not None:
                    for pk, row in zip(pks, rows, strict=True):
                        copy.write_row([pk, *row, *defaults])
                else:
                    for row in rows:
                        copy.write_row([*row, *defaults])
        return pks
    prepare = [db_value_preparer(f) for f in given]
    tail = [db_value_preparer(f)(value) for f, value in zip(rest, defaults, strict=True)]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ("  # nosec B608
        + ", ".join(["%s"] * (len(given) + len(rest)))
        + ")"
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, INSERT_BATCH):
            cursor.executemany(
                sql, [[p(v) for p, v in zip(prepare, row, strict=True)] + tail for row in chunk]
            )
    return None


def _text(value: Any) -> Any:
    # Choices (Review.Status.HELD) go to COPY as their plain text value.
    return str(value) if isinstance(value, str) and type(value) is not str else value


_EPISODE_COLUMNS = (
    "reason_new",
    "legal_status",
    "category_of_need",
    "placement",
    "placement_provider",
    "end_date",
    "reason_ended",
    "reason_place_change",
    "home_postcode",
    "placement_postcode",
    "urn",
    "ssda903_year",
)
_HELD = str(Review.Status.HELD)
_FROM_903 = str(Review.Source.SSDA903)


def _episode_values(ep: EpisodeRow) -> tuple[Any, ...]:
    """An episode's stored columns after its start (`_EPISODE_COLUMNS`, in order)."""
    return (*ep.values(), ep.year)


def _period_fields(period: DerivedPeriod) -> dict[str, Any]:
    return {
        "start_date": period.start_date,
        "start_known": period.start_known,
        "first_known_date": period.first_known_date,
        "end_date": period.end_date,
        "reason_ceased": period.reason_ceased,
        "short_breaks_only": period.short_breaks_only,
    }


def _period_for(periods: list[DerivedPeriod], on: date) -> DerivedPeriod | None:
    for period in periods:
        if period.covers(on):
            return period
    return None


def _sequence_problem(before: EpisodeRow, after: EpisodeRow) -> tuple[str, str] | None:
    """("error" or "warning", message) when two consecutive episodes do not fit together."""
    starts = f"{after.decom:%d/%m/%Y}"
    if before.dec is None:
        return (
            "error",
            f"the episode starting {before.decom:%d/%m/%Y} has no end date, but another episode"
            f" starts on {starts}: episodes must not overlap",
        )
    if after.decom < before.dec:
        return (
            "error",
            f"the episode starting {starts} overlaps the one from {before.decom:%d/%m/%Y} to"
            f" {before.dec:%d/%m/%Y}",
        )
    if after.rne == "S":
        if before.rec == "X1":
            return (
                "error",
                f"the episode ending {before.dec:%d/%m/%Y} ceased with X1 (a new episode the"
                f" same day), but the next one starts a new period of care (RNE S) on {starts}",
            )
        return None
    if after.decom != before.dec:
        return (
            "error",
            f"gap inside a period of care: the episode starting {starts} continues a period of"
            f" care (RNE {after.rne}), so it must start the day the previous episode ended"
            f" ({before.dec:%d/%m/%Y})",
        )
    if before.rec != "X1":
        return (
            "warning",
            f"the episode ending {before.dec:%d/%m/%Y} ceased with {before.rec}, which ends a"
            f" period of care, but the next one continues it (RNE {after.rne}) the same day:"
            " loaded as one period of care",
        )
    return None


def run_load(
    years: dict[int, YearData], report: Report, *, acting_user: User | None, progress: Any
) -> Changes | None:
    """Check against the database and write. Call inside a transaction; returns None (and
    writes nothing) when errors were found."""
    loader = Loader(years, report, progress)
    try:
        loader.load_stored()
        loader.apply_years()
    except TooManyErrors:
        return None
    if report.errors:
        return None
    loader.write(acting_user)
    return loader.changes
