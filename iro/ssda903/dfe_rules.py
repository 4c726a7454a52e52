"""The DfE's 903 validation rules that read the tables the product stores (header, episodes,
reviews), checked on each collection year after its files are read.

Which rules apply in a year, how severe each is and the simple rules' settings (codes that
cannot go together, minimum ages for a placement) are data: the "rules" object of the year's
code lists (iro/ssda903/codelists/<2024-25>.json). A rule the year's file does not name is not
checked that year. Errors block the import (the data would be wrong in the product); warnings
are the DfE's queries. Each finding names the DfE rule code. No Django imports.

The rules follow the DfE's wording as implemented by the DfE-rule validator councils use
(csc-validator-be-903); tests/ssda903/test_dfe_differential.py runs both over the same files
and checks they report the same rows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from iro.timetable.story import Story, StoryDate, date_problem

if TYPE_CHECKING:
    from .checking import CodeLists, EpisodeRow, HeaderRow, Report, YearData

# (table, file, row, column, value, detail) of a row a rule flags; the detail (may be blank)
# follows the rule's message.
Finding = tuple[str, str, int | None, str, str, str]

EARLIEST_EPISODE = date(1991, 10, 14)
_UPN = re.compile(r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$")
SHORT_BREAKS = frozenset({"V3", "V4"})
CONTINUING = frozenset({"P", "L", "T", "U", "B"})

MESSAGES = {
    "225": "Reason for placement change must be recorded",
    "232": "Sex has been reported as unknown (U)",
    "351": "The child was over 25 at the start of the collection year",
    "352": "The child started to be looked after (RNE S) aged 18 or over",
    "354": "The episode starts after the end of the collection year",
    "380": "A period of care cannot start with a temporary placement (T0 to T4)",
    "381": "A period of care cannot end with a temporary placement (T0 to T4)",
    "382": "A child on short breaks (V3, V4) cannot be in a temporary placement",
    "384": "A child on short breaks (V3, V4) cannot be in a long-term foster placement (U1, U4)",
    "385": "The episode ends (DEC) after the end of the collection year",
    "388": "REC X1 (a new episode begins) but no episode continues from that day, or a reason"
    " that ends care but the next episode starts that day",
    "426": "A child on short breaks cannot be under both V3 and V4 in the same year",
    "431": "The reason for new episode is S (started to be looked after), but the previous"
    " episode ended on or after that day",
    "432": "The child ceased to be looked after at the end of the previous episode, but the"
    " reason for the new episode is not S",
    "437": "The child died or turned 18 (REC E2 or E15) but there are later episodes",
    "445": "D1 is not a valid legal status for episodes starting after December 2005",
    "446": "E1 is not a valid legal status for episodes starting before December 2005",
    "202": "Sex differs from the sex already recorded for this child",
    "203": "Date of birth differs from the date of birth already recorded for this child",
    "204": "Ethnic origin differs from the ethnic origin already recorded for this child",
    "142": "A new episode has started, but the previous episode has not ended (DEC and REC)",
    "168": "UPN is not valid: it must be a letter and 12 characters, or UN1 to UN5 when unknown",
    "174": "The mother's child's date of birth is recorded but the child is male",
    "301": "Date of birth falls after the collection year ended",
    "302": "The child's first episode starts before the child was born",
    "353": "No episode can start before 14 October 1991",
    "355": "The episode appears to have lasted less than 24 hours (DEC is the same as DECOM)",
    "358": "A child with legal status J1, J2 or J3 should not be under 10",
    "370": "A child in independent living (P2) should be at least 16",
    "371": "A child in supported accommodation should be at least 16",
    "372": "A child in youth custody or prison (R5) should be at least 10",
    "373": "A child placed in a school (S1) should be at least 4",
    "374": "A child in residential employment (P3) should be at least 14",
    "378": "A child placed with parents (P1) cannot be looked after under a single period of"
    " accommodation (V2)",
    "393": "The child is looked after but MOTHER (is the child a mother) is blank",
    "433": "The reason for new episode says it continues a period of care, but the episode does"
    " not start on the day the previous one ended",
    "440": "Participation code PN0 is for children under 4, but the child was over 4 at the review",
    "441": "The child was under 4 at the review, so the participation code should be PN0",
    "442": "UPN (unique pupil number) is blank",
    "501": "A new episode has started before the end date of the previous episode",
    "527": "Placement provider PR1 cannot be used with placement P1, R2 or R5",
    "528": "Placement provider PR2 cannot be used with placement P1, R2 or R5",
    "529": "Placement provider PR3 cannot be used with placements P1, A3 to A6, K1, K2 and U1 to U6",
    "530": "Placement provider PR4 cannot be used with placement P1",
    "531": "Placement provider PR5 cannot be used with placement P1",
    "550": "Placement provider PR0 can only be used with placement P1",
    "178": "Placement provider is given for a placement that has none",
    "607": "The child ceased to be looked after in the year, but MOTHER is blank",
    "611": "The child is a mother (MOTHER 1) but the date of birth of her first child is blank",
    "612": "The date of birth of the first child is given but MOTHER says she is not a mother",
    "620": "The child is recorded as a mother, but is under 11",
    "621": "The mother's date of birth is after her child's (MC_DOB)",
}


@dataclass
class Context:
    data: YearData
    previous: YearData | None
    lists: CodeLists
    start: date
    end: date


def add_years(on: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February), as the DfE counts ages."""
    try:
        return on.replace(year=on.year + years)
    except ValueError:
        return on.replace(year=on.year + years, day=28)


def _d(on: date | None) -> str:
    return f"{on:%d/%m/%Y}" if on else ""


def _h(header: HeaderRow, column: str, value: str, detail: str = "") -> Finding:
    return ("header", header.file, header.row, column, value, detail)


def _e(episode: EpisodeRow, column: str, value: str, detail: str = "") -> Finding:
    return ("episodes", episode.file, episode.row, column, value, detail)


def _ordered(ctx: Context) -> Iterator[tuple[str, list[EpisodeRow]]]:
    for child, episodes in ctx.data.episodes.items():
        yield child, [episodes[d] for d in sorted(episodes)]


# --- Header rules ----------------------------------------------------------------------------


def _r301(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.dob > ctx.end:
            yield _h(header, "DOB", _d(header.dob))


def _r168(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.upn and not _UPN.match(header.upn.upper()):
            yield _h(header, "UPN", header.upn)


def _r174(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.sex == ctx.lists.male and header.mc_dob:
            yield _h(header, "MC_DOB", header.mc_dob)


def _r611(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.mother == "1" and not header.mc_dob:
            yield _h(header, "MC_DOB", "")


def _r612(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.mother in ("", "0") and header.sex == ctx.lists.female and header.mc_dob:
            yield _h(header, "MOTHER", header.mother)


def _r620(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.mother == "1" and add_years(header.dob, 11) > ctx.start:
            yield _h(header, "DOB", _d(header.dob))


def _r621(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.mc_born is not None and header.mc_born <= header.dob:
            yield _h(header, "MC_DOB", header.mc_dob)


def _looked_after(ctx: Context, child: str) -> bool:
    """The child has an episode not under short breaks (V3/V4) in the year's file."""
    return any(ep.ls not in SHORT_BREAKS for ep in ctx.data.episodes.get(child, {}).values())


def _r442(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for child, header in ctx.data.header.items():
        if not header.upn and _looked_after(ctx, child):
            yield _h(header, "UPN", "")


def _r393(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for child, header in ctx.data.header.items():
        if header.sex == ctx.lists.female and not header.mother and _looked_after(ctx, child):
            yield _h(header, "MOTHER", "")


def _r607(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for child, header in ctx.data.header.items():
        if header.sex != ctx.lists.female or header.mother:
            continue
        flagged = False
        for ep in ctx.data.episodes.get(child, {}).values():
            if (
                ep.dec is not None
                and ep.rec not in ("", "X1")
                and ep.ls not in SHORT_BREAKS
                and ctx.start <= ep.dec <= ctx.end
            ):
                flagged = True
                yield _e(ep, "REC", ep.rec)
        if flagged:
            yield _h(header, "MOTHER", "")


def _previous_header(ctx: Context) -> Iterator[tuple[HeaderRow, HeaderRow]]:
    if ctx.previous is None or not ctx.previous.header:
        return
    for child, header in ctx.data.header.items():
        before = ctx.previous.header.get(child)
        if before is not None:
            yield header, before


_SEX = {"1": "M", "2": "F"}


def _r202(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # Compared as meaning: 1/2 up to 2023-24 are M/F from 2024-25.
    for header, before in _previous_header(ctx):
        if _SEX.get(header.sex, header.sex) != _SEX.get(before.sex, before.sex):
            yield _h(header, "SEX", header.sex)


def _r203(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header, before in _previous_header(ctx):
        if header.dob != before.dob:
            yield _h(header, "DOB", _d(header.dob))


def _r204(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header, before in _previous_header(ctx):
        if header.ethnic.upper() != before.ethnic.upper():
            yield _h(header, "ETHNIC", header.ethnic)


# --- Episode rules ---------------------------------------------------------------------------


def _combination(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """Codes that cannot go together: every column of "if" holds one of its codes, and every
    column of "not" holds none of its codes ("filled": the column is not blank)."""
    when: dict[str, list[str]] = settings.get("if", {})
    unless: dict[str, list[str]] = settings.get("not", {})
    filled: list[str] = settings.get("filled", [])
    attributes = {
        "PLACE": "place",
        "LS": "ls",
        "PLACE_PROVIDER": "provider",
        "RNE": "rne",
        "REC": "rec",
        "CIN": "cin",
    }
    column = settings.get("column", next(iter(when), "PLACE"))
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if (
                all(getattr(ep, attributes[c]) in codes for c, codes in when.items())
                and not any(getattr(ep, attributes[c]) in codes for c, codes in unless.items())
                and all(getattr(ep, attributes[c]) for c in filled)
            ):
                yield _e(ep, column, getattr(ep, attributes[column]))


def _min_age(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """An episode in placement `place` that started before the child was `years` old (ended
    episodes only, as the DfE checks)."""
    place, years = settings["place"], settings["years"]
    for child, episodes in ctx.data.episodes.items():
        header = ctx.data.header.get(child)
        if header is None:
            continue
        for ep in episodes.values():
            if ep.place == place and ep.dec is not None and ep.decom < add_years(header.dob, years):
                yield _e(ep, "PLACE", ep.place)


def _r358(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for child, episodes in ctx.data.episodes.items():
        header = ctx.data.header.get(child)
        if header is None:
            continue
        flagged = False
        for ep in episodes.values():
            if ep.ls in ("J1", "J2", "J3") and add_years(header.dob, 10) >= ep.decom:
                flagged = True
                yield _e(ep, "LS", ep.ls)
        if flagged:
            yield _h(header, "DOB", _d(header.dob))


def _r302(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # The date rule every form uses (iro.timetable.story): nothing before the child's birth.
    for child, episodes in ctx.data.episodes.items():
        header = ctx.data.header.get(child)
        if header is None or not episodes:
            continue
        first = episodes[min(episodes)]
        started = StoryDate("DECOM", "Date episode started", first.decom)
        problem = date_problem(started, Story(born=header.dob), ctx.end)
        if problem:
            yield _e(first, "DECOM", _d(first.decom), problem)
            yield _h(header, "DOB", _d(header.dob), problem)


def _r353(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if ep.decom < EARLIEST_EPISODE:
                yield _e(ep, "DECOM", _d(ep.decom))


def _r355(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if ep.dec == ep.decom:
                yield _e(ep, "DEC", _d(ep.dec))


def _r142(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for child, episodes in _ordered(ctx):
        for ep, after in itertools.pairwise(episodes):
            if ep.dec is None or not ep.rec:
                yield _e(
                    ep,
                    "DEC",
                    "",
                    f"child {child}'s episode starting {_d(ep.decom)} has no end date,"
                    f" but another episode starts on {_d(after.decom)}: episodes must not overlap",
                )


def _r501(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for before, after in itertools.pairwise(episodes):
            if before.dec is not None and after.decom < before.dec:
                yield _e(
                    after,
                    "DECOM",
                    _d(after.decom),
                    f"the episode starting {_d(after.decom)} overlaps the one from"
                    f" {_d(before.decom)} to {_d(before.dec)}",
                )


def _r433(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for before, after in itertools.pairwise(episodes):
            if after.rne in CONTINUING and before.dec != after.decom:
                yield _e(
                    after,
                    "DECOM",
                    _d(after.decom),
                    f"gap inside a period of care: the episode starting {_d(after.decom)}"
                    f" continues a period of care (RNE {after.rne}), so it must start the day the"
                    f" previous episode ended ({_d(before.dec)})",
                )


def _r351(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if ctx.start > add_years(header.dob, 25):
            yield _h(header, "DOB", _d(header.dob))


def _r232(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header in ctx.data.header.values():
        if header.sex.upper() == "U":
            yield _h(header, "SEX", header.sex)


def _r352(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for child, episodes in ctx.data.episodes.items():
        header = ctx.data.header.get(child)
        if header is None:
            continue
        for ep in episodes.values():
            if ep.rne == "S" and add_years(header.dob, 18) <= ep.decom:
                yield _e(ep, "DECOM", _d(ep.decom))


def _r354(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if ep.decom > ctx.end:
                yield _e(ep, "DECOM", _d(ep.decom))


def _r385(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if ep.dec is not None and ep.dec > ctx.end:
                yield _e(ep, "DEC", _d(ep.dec))


def _started(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """An episode under legal status `ls` that starts after `after` or before `before`."""
    after = date.fromisoformat(settings["after"]) if "after" in settings else None
    before = date.fromisoformat(settings["before"]) if "before" in settings else None
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if ep.ls == settings["ls"] and (
                (after is not None and ep.decom > after)
                or (before is not None and ep.decom < before)
            ):
                yield _e(ep, "LS", ep.ls)


def _r426(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        statuses = {ep.ls for ep in episodes.values()}
        if {"V3", "V4"} <= statuses:
            for ep in episodes.values():
                if ep.ls in SHORT_BREAKS:
                    yield _e(ep, "LS", ep.ls)


def _r431(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for before, after in itertools.pairwise(episodes):
            if after.rne == "S" and before.dec is not None and after.decom <= before.dec:
                yield _e(after, "RNE", after.rne)


_ENDS_CARE = frozenset(
    {"E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14"}
    | {"E15", "E16", "E17", "E41", "E45", "E46", "E47", "E48"}
)


def _r432(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for before, after in itertools.pairwise(episodes):
            if before.rec in _ENDS_CARE and after.rne != "S":
                yield _e(after, "RNE", after.rne)


def _r437(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for ep in episodes[:-1]:
            if ep.rec in ("E2", "E15"):
                yield _e(ep, "REC", ep.rec)


def _r388(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for ep, after in itertools.pairwise(episodes):
            if ep.dec is None or not ep.rec:
                continue
            if (ep.rec == "X1") != (ep.dec == after.decom):
                yield _e(ep, "REC", ep.rec)
        last = episodes[-1]
        if last.dec is not None and last.rec == "X1":
            yield _e(last, "REC", last.rec)


_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})


def _r225(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for ep, after in itertools.pairwise(episodes):
            if (
                ep.rec == "X1"
                and not ep.reason_place_change
                and ep.place not in _TEMPORARY
                and after.rne in ("P", "B", "T", "U")
                and after.place not in _TEMPORARY
            ):
                yield _e(ep, "REASON_PLACE_CHANGE", "")


# --- Review rules ----------------------------------------------------------------------------


def _r440(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for reviews in ctx.data.reviews.values():
        for review in reviews.values():
            if review.dob and review.code == "PN0" and review.held_on > add_years(review.dob, 4):
                yield ("reviews", review.file, review.row, "REVIEW_CODE", review.code, "")


def _r441(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for reviews in ctx.data.reviews.values():
        for review in reviews.values():
            if review.dob and review.code != "PN0" and review.held_on < add_years(review.dob, 4):
                yield ("reviews", review.file, review.row, "REVIEW_CODE", review.code, "")


Rule = Callable[[Context, dict[str, Any]], Iterator[Finding]]

# Rules with their own code here; the year's file may instead give a "kind" of simple rule.
RULES: dict[str, Rule] = {
    "225": _r225,
    "232": _r232,
    "351": _r351,
    "352": _r352,
    "354": _r354,
    "385": _r385,
    "388": _r388,
    "426": _r426,
    "431": _r431,
    "432": _r432,
    "437": _r437,
    "142": _r142,
    "168": _r168,
    "174": _r174,
    "202": _r202,
    "203": _r203,
    "204": _r204,
    "301": _r301,
    "302": _r302,
    "353": _r353,
    "355": _r355,
    "358": _r358,
    "393": _r393,
    "433": _r433,
    "440": _r440,
    "441": _r441,
    "442": _r442,
    "501": _r501,
    "607": _r607,
    "611": _r611,
    "612": _r612,
    "620": _r620,
    "621": _r621,
}
KINDS: dict[str, Rule] = {"combination": _combination, "min_age": _min_age, "started": _started}

# Rules checked while reading each row (code lists, real dates), named by tables.Table.rules,
# and those checked on the whole history in loading.py; listed so the documentation and the
# differential test know every code the product implements.
ROW_RULES = frozenset(
    {"101", "102", "103", "141", "143", "144", "145", "146", "147", "148", "149", "166", "167"}
    | {"171", "178", "356", "1009", "INT03", "INT08", "INT17"}
)


def year_rule_codes(lists: CodeLists) -> set[str]:
    """Every DfE rule code the product checks in the year."""
    return set(lists.rules) | ROW_RULES


def check_year_rules(
    data: YearData, previous: YearData | None, lists: CodeLists, report: Report
) -> None:
    """Run the year's DfE rules over its stored tables and record what they find."""
    start, end = date(data.year, 4, 1), date(data.year + 1, 3, 31)
    ctx = Context(data=data, previous=previous, lists=lists, start=start, end=end)
    for code, settings in lists.rules.items():
        rule = KINDS.get(settings.get("kind", "")) or RULES.get(code)
        if rule is None:
            continue
        severity = settings.get("severity", "warning")
        message = settings.get("message") or MESSAGES.get(code, "")
        for _table, file, row, column, value, detail in rule(ctx, settings):
            text = f"{message}: {detail}" if detail else message
            report.record(severity, file, row, column, value, text, rule=code)
