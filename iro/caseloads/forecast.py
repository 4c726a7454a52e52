"""Demand forecast: how many children the council will look after over the next 12 months.

Pure Python (no Django): plain `(start, end)` dates of periods of care in, monthly projections
out. The model is deliberately simple so a manager can explain it at a budget meeting:

1. **Entries.** The average number of children who came into care per month over the last 12
   months (each "month" is the month to the same day, counted back from the forecast date).
2. **Exits by length of stay.** From the periods of care seen in the last 36 months we measure,
   for each month of a child's stay (the first month in care, the second, ...), the share of
   children in care at the start of that month who left during it: the *exit hazard*. Later months
   are pooled into bands (months 4-6, 7-12, second year, ...) so a handful of children cannot
   swing the estimate. Chained together the hazards give the *survival curve*: the chance a child
   is still in care a given number of months after coming in.
3. **Projection.** Each child in care today stays with the chance the survival curve gives from
   their current length of stay; each future month adds the average number of entries, who then
   follow the curve from their first month (on average they arrive half-way through the month).
4. **Uncertainty.** 1,000 simulated futures with a fixed seed, so the page shows the same band
   each time: the entry rate is re-drawn by resampling the last 12 months' counts (bootstrap),
   each month's entries vary by chance (Poisson) and who leaves varies by chance (binomial,
   normal approximation). The band holds the middle 90% of the simulated futures.

Periods whose start is before the data (the 903 history begins part-way through them) count in
today's number in care but not as entries or in the exit rates: their length of stay is unknown.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from iro.timetable import care
from iro.timetable.calendar import add_months

Period = tuple[date, date | None]

ENTRY_MONTHS = 12
HAZARD_WINDOW_MONTHS = 36
HORIZON_MONTHS = 12
HISTORY_MONTHS = 24
SIMULATIONS = 1000
SEED = 2010
BAND_LOWER_PERCENTILE = 5
BAND_UPPER_PERCENTILE = 95

# (first month of stay, last month of stay or None for "and after", label); months count from 0.
HAZARD_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 0, "First month"),
    (1, 1, "Second month"),
    (2, 2, "Third month"),
    (3, 5, "Months 4 to 6"),
    (6, 11, "Months 7 to 12"),
    (12, 23, "Second year"),
    (24, 59, "Years 3 to 5"),
    (60, None, "After 5 years"),
)


@dataclass(frozen=True)
class HazardBand:
    label: str
    first_month: int
    last_month: int | None
    child_months: int  # months of stay observed (children at risk, summed over months)
    exits: int
    hazard: float  # share leaving per month of stay in this band


@dataclass(frozen=True)
class MonthProjection:
    on: date
    expected: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Forecast:
    as_of: date
    in_care_now: int
    entry_months: list[tuple[date, int]]  # (end of the month counted back from as_of, entries)
    entry_rate: float
    hazards: list[HazardBand]
    survival: list[float]  # survival[k]: chance of still being in care k months after entry
    history: list[tuple[date, int]]  # (date, children in care), oldest first, ending at as_of
    months: list[MonthProjection]  # the next HORIZON_MONTHS months

    @property
    def at_horizon(self) -> MonthProjection:
        return self.months[-1]

    @property
    def median_stay_months(self) -> int | None:
        """Months until half of the children coming into care have left (None: beyond curve)."""
        for months, chance in enumerate(self.survival):
            if chance <= 0.5:
                return months
        return None


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end` (0 when `end` is less than a month later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def in_care_on(periods: Iterable[Period], day: date) -> int:
    """Children in care on `day`: started on or before it and not yet left (an end date is the
    first day out of care)."""
    return sum(1 for start, end in periods if care.in_care_on(day, start=start, end=end))


def entries_by_month(
    periods: Iterable[Period], as_of: date, months: int = ENTRY_MONTHS
) -> list[tuple[date, int]]:
    """Entries in each of the last `months` months counted back from `as_of`, oldest first; a
    month runs from the day after its start to its end date inclusive."""
    edges = [add_months(as_of, -i) for i in range(months, -1, -1)]
    counts = [0] * months
    for start, _end in periods:
        if not edges[0] < start <= edges[-1]:
            continue
        for index in range(months):
            if edges[index] < start <= edges[index + 1]:
                counts[index] += 1
                break
    return list(zip(edges[1:], counts, strict=True))


def band_for(month_of_stay: int) -> int:
    for index, (first, last, _label) in enumerate(HAZARD_BANDS):
        if month_of_stay >= first and (last is None or month_of_stay <= last):
            return index
    raise ValueError(month_of_stay)  # pragma: no cover - bands cover every month from 0


def exit_hazards(
    periods: Iterable[Period], as_of: date, window_months: int = HAZARD_WINDOW_MONTHS
) -> list[HazardBand]:
    """The monthly exit hazard in each band of length of stay, from months of stay that began in
    the last `window_months` months and had ended by `as_of` (so each is fully observed)."""
    window_start = add_months(as_of, -window_months)
    at_risk = [0] * len(HAZARD_BANDS)
    exits = [0] * len(HAZARD_BANDS)
    for start, end in periods:
        if start > as_of or (end is not None and end < start):
            continue
        if end is not None and end > as_of:
            end = None  # a recorded future end is not yet an exit
        first = months_between(start, window_start) if start < window_start else 0
        if add_months(start, first) < window_start:
            first += 1
        month = first
        while True:
            month_start = add_months(start, month)
            month_end = add_months(start, month + 1)
            if month_end > as_of or (end is not None and end < month_start):
                break
            band = band_for(month)
            at_risk[band] += 1
            if end is not None and end < month_end:
                exits[band] += 1
                break
            month += 1
    total_at_risk, total_exits = sum(at_risk), sum(exits)
    pooled = total_exits / total_at_risk if total_at_risk else 0.0
    return [
        HazardBand(
            label=label,
            first_month=first_month,
            last_month=last_month,
            child_months=at_risk[index],
            exits=exits[index],
            # With no child observed in a band, fall back to the overall monthly exit rate.
            hazard=exits[index] / at_risk[index] if at_risk[index] else pooled,
        )
        for index, (first_month, last_month, label) in enumerate(HAZARD_BANDS)
    ]


def _hazard_at(hazards: Sequence[HazardBand], month_of_stay: int) -> float:
    return hazards[band_for(month_of_stay)].hazard


def survival_from(hazards: Sequence[HazardBand], from_month: int, months: int) -> float:
    """Chance that a child at the start of month `from_month` of their stay is still in care
    `months` months later."""
    chance = 1.0
    for month in range(from_month, from_month + months):
        chance *= 1.0 - _hazard_at(hazards, month)
    return chance


def _entrant_survival(hazards: Sequence[HazardBand], months: int) -> float:
    """Chance that a child who came into care during a month (half-way through, on average) is
    still in care `months` months after the end of that month."""
    return survival_from(hazards, 0, months) * (1.0 - _hazard_at(hazards, months) / 2.0)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:  # normal approximation: Knuth's method is slow and underflows for large means
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _percentile(sorted_values: Sequence[float], percentile: int) -> float:
    rank = max(0, min(len(sorted_values) - 1, math.ceil(percentile / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


def project(
    periods: Sequence[Period],
    as_of: date,
    *,
    start_unknown: Sequence[Period] = (),
    horizon_months: int = HORIZON_MONTHS,
    history_months: int = HISTORY_MONTHS,
    simulations: int = SIMULATIONS,
    seed: int = SEED,
) -> Forecast:
    """Project the number of children looked after for each of the next `horizon_months` months.

    `periods` are (start, end) of periods of care with a known start (end None while open);
    `start_unknown` are periods that began before the data, keyed by their first known date."""
    entry_months = entries_by_month(periods, as_of)
    entry_counts = [count for _day, count in entry_months]
    entry_rate = sum(entry_counts) / len(entry_counts)
    hazards = exit_hazards(periods, as_of)
    survival = [survival_from(hazards, 0, k) for k in range(0, 12 * 18 + 1)]

    everyone = [*periods, *start_unknown]
    history = [
        (day, in_care_on(everyone, day))
        for day in (add_months(as_of, -i) for i in range(history_months, -1, -1))
    ]
    stays = Counter(
        months_between(start, as_of)
        for start, end in everyone
        if start <= as_of and (end is None or end > as_of)
    )
    in_care_now = sum(stays.values())

    cohort_mean: list[float] = []
    cohort_variance: list[float] = []
    for step in range(1, horizon_months + 1):
        chances = [(n, survival_from(hazards, stay, step)) for stay, n in stays.items()]
        cohort_mean.append(sum(n * p for n, p in chances))
        cohort_variance.append(sum(n * p * (1 - p) for n, p in chances))
    # entrant[t]: chance an entry in a month is in care t whole months after that month ends.
    entrant = [_entrant_survival(hazards, t) for t in range(horizon_months)]
    expected = [
        cohort_mean[m - 1] + entry_rate * sum(entrant[m - j] for j in range(1, m + 1))
        for m in range(1, horizon_months + 1)
    ]

    rng = random.Random(seed)  # noqa: S311  # nosec B311 - a reproducible simulation, not a secret
    simulated: list[list[float]] = [[] for _ in range(horizon_months)]
    for _ in range(simulations):
        rate = sum(rng.choice(entry_counts) for _ in entry_counts) / len(entry_counts)
        arrivals = [_poisson(rng, rate) for _ in range(horizon_months)]
        for m in range(1, horizon_months + 1):
            mean = cohort_mean[m - 1]
            variance = cohort_variance[m - 1]
            for j in range(1, m + 1):
                p = entrant[m - j]
                mean += arrivals[j - 1] * p
                variance += arrivals[j - 1] * p * (1 - p)
            value = rng.gauss(mean, math.sqrt(variance)) if variance > 0 else mean
            simulated[m - 1].append(max(0.0, value))

    months = []
    for m in range(1, horizon_months + 1):
        values = sorted(simulated[m - 1])
        months.append(
            MonthProjection(
                on=add_months(as_of, m),
                expected=expected[m - 1],
                lower=min(_percentile(values, BAND_LOWER_PERCENTILE), expected[m - 1]),
                upper=max(_percentile(values, BAND_UPPER_PERCENTILE), expected[m - 1]),
            )
        )
    return Forecast(
        as_of=as_of,
        in_care_now=in_care_now,
        entry_months=entry_months,
        entry_rate=entry_rate,
        hazards=hazards,
        survival=survival,
        history=history,
        months=months,
    )
