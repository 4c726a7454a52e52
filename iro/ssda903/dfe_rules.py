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
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from iro.timetable.story import Story, StoryDate, date_problem

if TYPE_CHECKING:
    from .checking import CodeLists, EpisodeRow, HeaderRow, Report, YearData

# (table, file, row, column, value, detail) of a row a rule flags; the detail (may be blank)
# follows the rule's message.
Finding = tuple[str, str, int | None, str, str, str]

EARLIEST_EPISODE = date(1991, 10, 14)
ADOPTION_2015 = date(2015, 4, 1)
_UPN = re.compile(r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$")
SHORT_BREAKS = frozenset({"V3", "V4"})
CONTINUING = frozenset({"P", "L", "T", "U", "B"})

MESSAGES = {
    "207": "The child was a mother (MOTHER 1) in the previous year's return but is not in this one",
    "208": "UPN differs from the UPN already recorded for this child",
    "209": "UPN UN1 (not yet of school age) is for children under 4 on 31 August of the year"
    " before",
    "210": "UPN UN4 (came into care too late for a UPN) cannot be used for a child whose episode"
    " starts on or after 24 March",
    "217": "A child placed for adoption (A3, A5) from 1 April 2015 must start the episode with"
    " RNE S, T or U",
    "222": "An Ofsted URN is not recorded for this placement type",
    "226": "A reason for placement change is not recorded for a temporary placement (T0 to T4)"
    " or the episode before it",
    "234": "A child under 10 cannot change placement because of custody (CUSTOD)",
    "242": "URN XXXXXXX is only for regional adoption agencies (A3 to A6, U1 to U6)",
    "336": "A child placed for adoption (A3, A4) must have been in an adoption or foster"
    " placement before",
    "357": "The child's first episode in the year must start with RNE S (started to be looked"
    " after)",
    "361": "Police protection (L1) lasted longer than the 72 hours the Children Act 1989 allows",
    "362": "An emergency protection order (L2) lasted longer than 21 days",
    "363": "A child assessment order (L3) lasted longer than the 7 days the Children Act 1989"
    " allows",
    "364": "Detention under PACE (J2) lasted longer than 21 days",
    "365": "A single short-term break (V3) lasted longer than 17 days",
    "366": "A child cannot change placement during a short-term break (V3): RNE must be S",
    "367": "Short-term breaks (V3) add up to more than 75 days in the year",
    "375": "A hospital stay coded as a temporary placement (T1) lasted longer than six weeks",
    "376": "A temporary placement for the foster carers' holiday (T3) lasted longer than three"
    " weeks",
    "377": "More than two temporary placements for the foster carers' holiday (T3) in the year",
    "379": "A temporary placement for an unspecified reason (T4) lasted longer than seven days",
    "383": "After a temporary placement the child must return to the placement before it (RNE P)",
    "386": "The episode ended with the child adopted (E11, E12) but the child was 18 or over",
    "387": "The episode ended with the child moving to independent living (E5, E6) but the child"
    " was under 14",
    "389": "The episode ended with the child moving to adult social care (E7) but the child was"
    " under 16",
    "390": "The episode ended with the child adopted (E11, E12) but the placement was not an"
    " adoption placement (A3 to A6)",
    "392d": "The home and placement postcodes are the same, but the placement is not with parents"
    " (P1)",
    "399": "A child looked after only under short breaks (V3, V4) has MOTHER or reviews recorded",
    "407": "The episode ended with a special guardianship order (E45 to E48) but the child was"
    " over 18",
    "408": "A child placed for adoption with a placement order (A5, A6) must have legal status E1",
    "434": "RNE L says the legal status changed and the placement did not, but the episodes do"
    " not show that",
    "435": "RNE P or T says the placement changed and the legal status did not, but the episodes"
    " do not show that",
    "436": "RNE U or B says both the placement and the legal status changed, but the episodes do"
    " not show that",
    "444": "Another child in the header has the same UPN",
    "460": "The episode ended with the child staying with their carers at 18 (E17) but the child"
    " was under 18",
    "504": "The category of need differs from the episode this one continues (REC X1)",
    "516": "The episode ended with a special guardianship order to former foster carers (E45,"
    " E46) but the placement was not a foster placement (U1 to U6)",
    "526": "The placement provider is blank",
    "624": "The date of birth of the mother's first child differs from the one already recorded",
    "625": "The date of birth of the mother's first child is after the year ended or after the"
    " child's care ended",
    "626": "The child was not a mother in the previous year's return but her first child was born"
    " before this year",
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
    # CHILD of each kept episode, by the row's identity (rows do not carry it).
    episode_child: dict[int, str] = field(default_factory=dict)
    # Each child's episodes in date order, worked out once for every rule.
    ordered: list[tuple[str, list[EpisodeRow]]] = field(default_factory=list)
    # Every episode, and for each column the positions of the episodes by value: the rules of
    # codes that cannot go together are worked out per column, not per row.
    episodes: list[EpisodeRow] = field(default_factory=list)
    _index: dict[str, dict[str, set[int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for child, eps in self.data.episodes.items():
            ordered = [eps[d] for d in sorted(eps)]
            self.ordered.append((child, ordered))
            for ep in ordered:
                self.episode_child[id(ep)] = child
                self.episodes.append(ep)

    def child_of(self, episode: EpisodeRow) -> str:
        return self.episode_child[id(episode)]

    def where(self, column: str) -> dict[str, set[int]]:
        """The positions in `episodes` of each value of the column."""
        found = self._index.get(column)
        if found is None:
            found = self._index[column] = {}
            for i, ep in enumerate(self.episodes):
                found.setdefault(_value(ep, column), set()).add(i)
        return found


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


def _ordered(ctx: Context) -> list[tuple[str, list[EpisodeRow]]]:
    return ctx.ordered


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
    column of "not" holds none of its codes ("filled": the columns are not blank; "blank": the
    columns are blank)."""
    when: dict[str, list[str]] = settings.get("if", {})
    unless: dict[str, list[str]] = settings.get("not", {})
    filled: list[str] = settings.get("filled", [])
    blank: list[str] = settings.get("blank", [])
    column = settings.get("column", next(iter(when), "PLACE"))
    # The coded columns of "if" through the index of their values; the rest row by row over
    # the few episodes left.
    chosen: set[int] | None = None
    for c, codes in when.items():
        if c not in _INDEXED:
            continue
        rows = set().union(*(ctx.where(c).get(code, ()) for code in codes))
        chosen = rows if chosen is None else chosen & rows
    candidates = ctx.episodes if chosen is None else [ctx.episodes[i] for i in sorted(chosen)]
    others = {c: codes for c, codes in when.items() if c not in _INDEXED}
    for ep in candidates:
        if (
            all(_value(ep, c) in codes for c, codes in others.items())
            and not any(_value(ep, c) in codes for c, codes in unless.items())
            and all(_value(ep, c) for c in filled)
            and not any(_value(ep, c) for c in blank)
        ):
            yield _e(ep, column, _value(ep, column))


# Columns of a few codes each, worth an index of their values.
_INDEXED = frozenset({"PLACE", "LS", "PLACE_PROVIDER", "RNE", "REC", "CIN"})


_ATTRIBUTES = {
    "PLACE": "place",
    "LS": "ls",
    "PLACE_PROVIDER": "provider",
    "RNE": "rne",
    "REC": "rec",
    "CIN": "cin",
    "URN": "urn",
    "REASON_PLACE_CHANGE": "reason_place_change",
    "HOME_POST": "home_post",
    "PL_POST": "pl_post",
}


def _value(ep: EpisodeRow, column: str) -> str:
    """An episode's value in a column, as written (dates as DD/MM/YYYY, blank as "")."""
    if column in ("DECOM", "DEC"):
        return _d(ep.decom if column == "DECOM" else ep.dec)
    value: str = getattr(ep, _ATTRIBUTES[column])
    return value


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


def _with_header(ctx: Context) -> Iterator[tuple[HeaderRow, EpisodeRow]]:
    """Each episode of a child in the header, with the child's header row."""
    for child, episodes in ctx.data.episodes.items():
        header = ctx.data.header.get(child)
        if header is not None:
            for ep in episodes.values():
                yield header, ep


def _r352(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header, ep in _with_header(ctx):
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


# --- Rules of the episodes' codes, durations and ages at their end ---------------------------


def _ceased_age(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """An episode ending with one of `rec` when the child was under `under` years old, or at
    least `from` years old (`after`: older than `after` years) on the day it ended."""
    reasons = frozenset(settings["rec"])
    for child, episodes in ctx.data.episodes.items():
        header = ctx.data.header.get(child)
        flagged = False
        for ep in episodes.values():
            if ep.rec not in reasons or ep.dec is None:
                continue
            if header is None:
                # As the DfE validator reads a child missing from the header (the import
                # refuses the episode anyway, INT03).
                wrong = bool(settings.get("unknown_age"))
            elif "under" in settings:
                wrong = ep.dec < add_years(header.dob, settings["under"])
            elif "from" in settings:
                wrong = ep.dec >= add_years(header.dob, settings["from"])
            else:
                wrong = ep.dec > add_years(header.dob, settings["after"])
            if wrong:
                flagged = True
                yield _e(ep, "REC", ep.rec)
        if flagged and header is not None and settings.get("header"):
            yield _h(header, "DOB", _d(header.dob))


def _max_days(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """An episode in one of `codes` of `column` lasting more than `days` days (an open episode
    counts to the end of the year when `open` is set, and is not checked otherwise; `in_header`:
    only children in the header)."""
    column, codes, days = settings["column"], frozenset(settings["codes"]), settings["days"]
    for child, episodes in ctx.data.episodes.items():
        if settings.get("in_header") and child not in ctx.data.header:
            continue
        for ep in episodes.values():
            if _value(ep, column) not in codes:
                continue
            ended = ep.dec if ep.dec is not None else (ctx.end if settings.get("open") else None)
            if ended is not None and (ended - ep.decom).days > days:
                yield _e(ep, column, _value(ep, column))


def _lasting(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """A legal status held longer than the law allows (361 police protection, 362 emergency
    protection): consecutive episodes under `ls`, each starting the day the episode before the
    previous one of them ended, from the first start to the last end (open: the year's end)."""
    status, days = settings["ls"], settings["days"]
    ordered = [ep for _child, episodes in _ordered(ctx) for ep in episodes]
    groups: list[list[EpisodeRow]] = []
    joined = False
    for i, ep in enumerate(ordered):
        if ep.ls != status:
            continue
        if not joined or not groups or not _same_child(ctx, ep, groups[-1][0]):
            groups.append([])
        groups[-1].append(ep)
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        ended = ep.dec or ctx.end
        # As the DfE validator does: the next row of this status joins the group when this
        # one runs on into the next episode of the child, whatever that episode's status.
        joined = after is not None and _same_child(ctx, ep, after) and ended == after.decom
    for group in groups:
        first = min(ep.decom for ep in group)
        last = max(ep.dec or ctx.end for ep in group)
        if (last - first).days > days:
            for ep in group:
                yield _e(ep, "LS", ep.ls)


def _summed(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    """A legal status held longer in total than the law allows (363 child assessment order, 364
    PACE): the days of the child's episodes under `ls` that follow on from each other (in the
    file's order), added up."""
    status, days = settings["ls"], settings["days"]
    rows = sorted(
        (ep for episodes in ctx.data.episodes.values() for ep in episodes.values()),
        key=lambda ep: ep.row or 0,
    )
    rows = [ep for ep in rows if ep.ls == status]
    groups: list[list[EpisodeRow]] = []
    before: EpisodeRow | None = None
    for ep in rows:
        ended_before = (before.dec or ctx.end) if before is not None else None
        if (
            before is None
            or not _same_child(ctx, ep, before)
            or (ended_before is not None and ep.decom > ended_before)
        ):
            groups.append([])
        groups[-1].append(ep)
        before = ep
    for group in groups:
        if sum(((ep.dec or ctx.end) - ep.decom).days for ep in group) > days:
            for ep in group:
                yield _e(ep, "LS", ep.ls)


def _same_child(ctx: Context, one: EpisodeRow, other: EpisodeRow) -> bool:
    return ctx.child_of(one) == ctx.child_of(other)


def _r357(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        first = episodes[min(episodes)]
        if first.decom >= ctx.start and first.rne != "S":
            yield _e(first, "RNE", first.rne)


def _r367(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        counted = []
        for ep in episodes.values():
            if ep.ls != "V3":
                continue
            ended = ctx.end if ep.dec is None or ep.dec > ctx.end else ep.dec
            days = (ended - max(ep.decom, ctx.start)).days
            if days > 0:
                counted.append((ep, days))
        if sum(days for _ep, days in counted) > 75:
            for ep, _days in counted:
                yield _e(ep, "LS", ep.ls)


def _r377(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        holidays = [ep for ep in episodes.values() if ep.place == "T3"]
        if len(holidays) > 2:
            for ep in holidays:
                yield _e(ep, "PLACE", ep.place)


def _r383(ctx: Context, settings: dict[str, Any]) -> Iterator[Finding]:
    # After a temporary placement the child goes back (RNE P) to the placement before it.
    for _child, episodes in _ordered(ctx):
        for before, temporary, ep in zip(episodes, episodes[1:], episodes[2:], strict=False):
            if temporary.place in _TEMPORARY and (
                ep.rne != "P"
                or not _equal(ep.place, before.place)
                or (settings.get("postcode") and not _equal(ep.pl_post, before.pl_post))
            ):
                yield _e(ep, "PLACE", ep.place)


def _equal(one: str, other: str) -> bool:
    """Equal as the DfE validator compares: a blank value equals nothing, not even a blank."""
    return bool(one) and one == other


def _r217(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if (
                ep.place in ("A3", "A5")
                and ep.decom >= ADOPTION_2015
                and ep.rne not in ("S", "T", "U")
            ):
                yield _e(ep, "PLACE", ep.place)


def _r226(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for i, ep in enumerate(episodes):
            before = episodes[i - 1].reason_place_change if i else ""
            if ep.place in _TEMPORARY and (ep.reason_place_change or before):
                yield _e(ep, "REASON_PLACE_CHANGE", ep.reason_place_change)


_ADOPTIVE = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})


def _r336(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for before, ep in itertools.pairwise(episodes):
            if ep.place in ("A3", "A4") and before.place not in _ADOPTIVE:
                yield _e(ep, "PLACE", ep.place)


def _r392d(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for episodes in ctx.data.episodes.values():
        for ep in episodes.values():
            if ep.place != "P1" and _equal(ep.home_post, ep.pl_post):
                yield _e(ep, "PL_POST", ep.pl_post)


_PLACEMENT = ("place", "pl_post", "urn", "provider")


def _r434(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # RNE L: the legal status changed and the placement did not.
    for _child, episodes in _ordered(ctx):
        for before, ep in itertools.pairwise(episodes):
            if ep.rne == "L" and (
                ep.ls == before.ls or any(getattr(ep, a) != getattr(before, a) for a in _PLACEMENT)
            ):
                yield _e(ep, "RNE", ep.rne)


def _r435(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # RNE P or T: the placement changed and the legal status did not.
    for _child, episodes in _ordered(ctx):
        for before, ep in itertools.pairwise(episodes):
            if ep.rne in ("P", "T") and (
                ep.ls != before.ls
                or all(_equal(getattr(ep, a), getattr(before, a)) for a in _PLACEMENT)
            ):
                yield _e(ep, "RNE", ep.rne)


def _r436(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # RNE U or B: both the placement and the legal status changed.
    for _child, episodes in _ordered(ctx):
        for before, ep in itertools.pairwise(episodes):
            if ep.rne in ("U", "B") and (
                ep.ls == before.ls or all(getattr(ep, a) == getattr(before, a) for a in _PLACEMENT)
            ):
                yield _e(ep, "RNE", ep.rne)


def _r504(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for _child, episodes in _ordered(ctx):
        for before, ep in itertools.pairwise(episodes):
            if before.rec == "X1" and before.dec == ep.decom and not _equal(ep.cin, before.cin):
                yield _e(ep, "CIN", ep.cin)


def _r209(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # UN1 (not yet of school age): not for a child 4 or over on 31 August of the year before.
    school = date(ctx.start.year - 1, 8, 31)
    for header in ctx.data.header.values():
        if header.upn.upper() == "UN1" and school >= add_years(header.dob, 4):
            yield _h(header, "UPN", header.upn)


def _r210(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # UN4 (came into care too late in the year for a UPN): no episode from 24 March.
    late = date(ctx.end.year, 3, 24)
    for child, header in ctx.data.header.items():
        if header.upn.upper() != "UN4":
            continue
        late_episodes = [ep for ep in ctx.data.episodes.get(child, {}).values() if ep.decom >= late]
        for ep in late_episodes:
            yield _e(ep, "DECOM", _d(ep.decom))
        if late_episodes:
            yield _h(header, "UPN", header.upn)


def _r399(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # Short breaks only (V3/V4): no MOTHER and no reviews.
    for child, episodes in ctx.data.episodes.items():
        if not episodes or any(ep.ls not in SHORT_BREAKS for ep in episodes.values()):
            continue
        header = ctx.data.header.get(child)
        reviews = list(ctx.data.reviews.get(child, {}).values())
        if not reviews and (header is None or not header.mother):
            continue
        for ep in episodes.values():
            yield _e(ep, "LS", ep.ls)
        if header is not None:
            yield _h(header, "MOTHER", header.mother)
        for review in reviews:
            yield ("reviews", review.file, review.row, "REVIEW", _d(review.held_on), "")


def _r625(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # The mother's child born after the year, or after the mother's care ended (an open
    # episode counts to the end of the year).
    for child, header in ctx.data.header.items():
        episodes = list(ctx.data.episodes.get(child, {}).values())
        if header.mc_born is None or not episodes:
            continue
        last = max(episodes, key=lambda ep: (ep.dec or ctx.end, -(ep.row or 0)))
        if header.mc_born > min(ctx.end, last.dec or ctx.end):
            yield _h(header, "MC_DOB", header.mc_dob)
            yield _e(last, "DEC", _d(last.dec))


def _r207(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # A mother last year is still one (children with episodes this year).
    if ctx.previous is None:
        return
    for child, header in ctx.data.header.items():
        before = ctx.previous.header.get(child)
        if (
            before is not None
            and before.mother == "1"
            and header.mother != before.mother
            and ctx.data.episodes.get(child)
        ):
            yield _h(header, "MOTHER", header.mother)


_UNKNOWN_UPN = ("UN1", "UN2", "UN3", "UN4", "UN5")


def _r208(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # The UPN stays the same, except from unknown (blank, UN1) to a reason it is unknown
    # (UN2 to UN5), or from unknown to known.
    for header, before in _previous_header(ctx):
        now, then = header.upn.upper(), before.upn.upper()
        if now == then:
            continue
        to_reason = (then in ("", "UN1")) and now in _UNKNOWN_UPN[1:]
        to_known = (then in _UNKNOWN_UPN or not then) and not (now in _UNKNOWN_UPN or not now)
        if not to_reason and not to_known:
            yield _h(header, "UPN", header.upn)


def _r624(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    for header, before in _previous_header(ctx):
        if before.mc_dob and header.mc_dob != before.mc_dob:
            yield _h(header, "MC_DOB", header.mc_dob)


def _r626(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # Not a mother last year, a mother this year, of a child born before this year.
    for header, before in _previous_header(ctx):
        if (
            header.mc_born is not None
            and _number(header.mother) == 1
            and _number(before.mother) == 0
            and header.mc_born < ctx.start
        ):
            yield _h(header, "MOTHER", header.mother)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _r444(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # Two children with one UPN (the unknown codes UN1 to UN5 may repeat).
    counts = Counter(
        h.upn.upper() for h in ctx.data.header.values() if h.upn.upper() not in _UNKNOWN_UPN
    )
    for header in ctx.data.header.values():
        if header.upn and counts[header.upn.upper()] > 1:
            yield _h(header, "UPN", header.upn)


def _r234(ctx: Context, _: dict[str, Any]) -> Iterator[Finding]:
    # Under 10 and the placement changed for custody (CUSTOD).
    for header, ep in _with_header(ctx):
        if ep.reason_place_change == "CUSTOD" and add_years(header.dob, 10) > ep.decom:
            yield _e(ep, "REASON_PLACE_CHANGE", ep.reason_place_change)
            yield _h(header, "DOB", _d(header.dob))


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
    "207": _r207,
    "208": _r208,
    "209": _r209,
    "210": _r210,
    "217": _r217,
    "226": _r226,
    "234": _r234,
    "336": _r336,
    "357": _r357,
    "367": _r367,
    "377": _r377,
    "383": _r383,
    "392d": _r392d,
    "399": _r399,
    "434": _r434,
    "435": _r435,
    "436": _r436,
    "444": _r444,
    "504": _r504,
    "624": _r624,
    "626": _r626,
    "625": _r625,
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
KINDS: dict[str, Rule] = {
    "combination": _combination,
    "min_age": _min_age,
    "started": _started,
    "ceased_age": _ceased_age,
    "max_days": _max_days,
    "lasting": _lasting,
    "summed": _summed,
}

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
