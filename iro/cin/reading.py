"""Reading the DfE's Children in Need census XML (the layout Data to Insight's
csc-validator-be-cin reads): Message/Children/Child, each with ChildIdentifiers (LAchildID,
PersonBirthDate, GenderCurrent, UPN) and CINdetails holding Section47 (S47ActualStartDate,
InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired) and ChildProtectionPlans (CPPstartDate,
CPPendDate, InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP,
Reviews/CPPreviewDate). Only the section 47 and child protection plan modules are read.

Parsed with defusedxml (no entity expansion, no external DTDs). Nothing here touches the
database: `read_census` returns the rows and every problem found in the file itself, each with
the element's path, the child, the field, the value and what is wrong.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element  # nosec B405: only the type; parsing is defusedxml's

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.conferences import initial_conference_due
from iro.timetable.dates import format_date

CATEGORIES = {"NEG", "PHY", "EMO", "SAB", "MUL"}
SEX = {"1": "M", "2": "F", "0": "U", "9": "U"}
LA_CHILD_ID_MAX = 10  # the register's child ID (the 903 CHILD) is 10 characters at most
MAX_ISSUES = 1000


@dataclass(frozen=True)
class Issue:
    severity: str  # "error" blocks the import; "warning" is reported and loaded
    path: str
    child: str
    field: str
    value: str
    problem: str

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "path": self.path,
            "child": self.child,
            "field": self.field,
            "value": self.value,
            "problem": self.problem,
        }


@dataclass
class EnquiryRow:
    path: str
    started: date
    icpc_on: date | None
    icpc_not_required: bool


@dataclass
class PlanRow:
    path: str
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous_plans: int | None
    reviews: list[date] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        return (self.end, self.initial_category, self.latest_category, self.previous_plans)


@dataclass
class ChildRow:
    path: str
    la_child_id: str
    born: date | None
    sex: str
    upn: str
    enquiries: list[EnquiryRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)


@dataclass
class Census:
    children: list[ChildRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]


def _local(tag: str) -> str:
    """The element's name without its namespace (councils' files vary in declaring one)."""
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [e for e in element if _local(e.tag) == name]


def _text(element: Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


class _Reader:
    def __init__(self, calendar: WorkingDayCalendar) -> None:
        self.calendar = calendar
        self.census = Census()

    def issue(
        self, severity: str, path: str, child: str, name: str, value: str, problem: str
    ) -> None:
        self.census.issues.append(Issue(severity, path, child, name, value, problem))

    def error(self, path: str, child: str, name: str, value: str, problem: str) -> None:
        self.issue("error", path, child, name, value, problem)

    def date_of(
        self, element: Element, path: str, child: str, name: str, *, required: bool = False
    ) -> date | None:
        text = _text(element, name)
        if not text:
            if required:
                self.error(path, child, name, "", f"Enter {name}: it is required here")
            return None
        try:
            return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
        except ValueError:
            self.error(path, child, name, text, f"{name} must be a real date written YYYY-MM-DD")
            return None

    def read(self, root: Element) -> Census:
        if _local(root.tag) != "Message":
            self.error(
                _local(root.tag),
                "",
                "Message",
                "",
                "The file is not a CIN census: its first element must be Message",
            )
            return self.census
        holders = _children(root, "Children")
        if not holders:
            self.error("Message", "", "Children", "", "The file has no Children element")
            return self.census
        seen: dict[str, str] = {}
        for index, element in enumerate(_children(holders[0], "Child"), start=1):
            path = f"Message/Children/Child[{index}]"
            row = self.child(element, path)
            if row is None:
                continue
            if row.la_child_id in seen:
                self.error(
                    path,
                    row.la_child_id,
                    "LAchildID",
                    row.la_child_id,
                    f"The same child is also at {seen[row.la_child_id]}",
                )
                continue
            seen[row.la_child_id] = path
            self.census.children.append(row)
        return self.census

    def child(self, element: Element, path: str) -> ChildRow | None:
        identifiers = _children(element, "ChildIdentifiers")
        ids = identifiers[0] if identifiers else None
        la_child_id = _text(ids, "LAchildID") if ids is not None else ""
        id_path = f"{path}/ChildIdentifiers"
        if not la_child_id:
            self.error(id_path, "", "LAchildID", "", "Enter the child's LAchildID")
            return None
        if len(la_child_id) > LA_CHILD_ID_MAX:
            self.error(
                id_path,
                la_child_id,
                "LAchildID",
                la_child_id,
                f"LAchildID must be {LA_CHILD_ID_MAX} characters or less, as in the 903",
            )
            return None
        assert ids is not None
        born = self.date_of(ids, id_path, la_child_id, "PersonBirthDate")
        gender = _text(ids, "GenderCurrent")
        row = ChildRow(path, la_child_id, born, SEX.get(gender, ""), _text(ids, "UPN")[:13])
        for d_index, details in enumerate(_children(element, "CINdetails"), start=1):
            d_path = f"{path}/CINdetails[{d_index}]"
            for s_index, s47 in enumerate(_children(details, "Section47"), start=1):
                enquiry = self.enquiry(s47, f"{d_path}/Section47[{s_index}]", row)
                if enquiry is not None:
                    row.enquiries.append(enquiry)
            for p_index, plan_element in enumerate(
                _children(details, "ChildProtectionPlans"), start=1
            ):
                plan = self.plan(plan_element, f"{d_path}/ChildProtectionPlans[{p_index}]", row)
                if plan is not None:
                    self.add_plan(row, plan)
        return row

    def before_birth(self, row: ChildRow, path: str, name: str, value: date | None) -> bool:
        if value is not None and row.born is not None and value < row.born:
            self.error(
                path,
                row.la_child_id,
                name,
                value.isoformat(),
                f"{name} must be after the child's date of birth, {format_date(row.born)}",
            )
            return True
        return False

    def enquiry(self, element: Element, path: str, row: ChildRow) -> EnquiryRow | None:
        child = row.la_child_id
        started = self.date_of(element, path, child, "S47ActualStartDate", required=True)
        held = self.date_of(element, path, child, "DateOfInitialCPC")
        target = self.date_of(element, path, child, "InitialCPCtarget")
        flag = _text(element, "ICPCnotRequired").lower()
        if flag not in {"", "true", "false", "1", "0"}:
            self.error(
                path, child, "ICPCnotRequired", flag, "ICPCnotRequired must be true or false"
            )
            return None
        not_required = flag in {"true", "1"}
        if started is None:
            return None
        if self.before_birth(row, path, "S47ActualStartDate", started):
            return None
        if held is not None and held < started:
            self.error(
                path,
                child,
                "DateOfInitialCPC",
                held.isoformat(),
                f"DateOfInitialCPC must be on or after S47ActualStartDate, {format_date(started)}",
            )
            return None
        if held is not None and not_required:
            self.error(
                path,
                child,
                "ICPCnotRequired",
                flag,
                "ICPCnotRequired is true but a DateOfInitialCPC is given",
            )
            return None
        due = initial_conference_due(started, calendar=self.calendar)
        if target is not None and target != due:
            self.issue(
                "warning",
                path,
                child,
                "InitialCPCtarget",
                target.isoformat(),
                f"The product's target is {format_date(due)}: 15 working days after the "
                "strategy discussion, with the council's closure days",
            )
        return EnquiryRow(path, started, held, not_required)

    def plan(self, element: Element, path: str, row: ChildRow) -> PlanRow | None:
        child = row.la_child_id
        start = self.date_of(element, path, child, "CPPstartDate", required=True)
        end = self.date_of(element, path, child, "CPPendDate")
        categories = []
        for name in ("InitialCategoryOfAbuse", "LatestCategoryOfAbuse"):
            value = _text(element, name)
            if value not in CATEGORIES:
                problem = (
                    f"Enter {name}"
                    if not value
                    else f"{name} must be one of {', '.join(sorted(CATEGORIES))}"
                )
                self.error(path, child, name, value, problem)
                return None
            categories.append(value)
        previous_text = _text(element, "NumberOfPreviousCPP")
        previous = None
        if previous_text:
            if not previous_text.isdigit():
                self.error(
                    path,
                    child,
                    "NumberOfPreviousCPP",
                    previous_text,
                    "NumberOfPreviousCPP must be a whole number, 0 or more",
                )
                return None
            previous = int(previous_text)
        if start is None or self.before_birth(row, path, "CPPstartDate", start):
            return None
        if end is not None and end < start:
            self.error(
                path,
                child,
                "CPPendDate",
                end.isoformat(),
                f"CPPendDate must be on or after CPPstartDate, {format_date(start)}",
            )
            return None
        reviews = []
        for r_index, holder in enumerate(_children(element, "Reviews"), start=1):
            r_path = f"{path}/Reviews[{r_index}]"
            for review_element in _children(holder, "CPPreviewDate"):
                text = (review_element.text or "").strip()
                try:
                    held = date.fromisoformat(text)
                except ValueError:
                    self.error(
                        r_path,
                        child,
                        "CPPreviewDate",
                        text,
                        "CPPreviewDate must be a real date written YYYY-MM-DD",
                    )
                    return None
                if held <= start or (end is not None and held > end):
                    self.error(
                        r_path,
                        child,
                        "CPPreviewDate",
                        text,
                        "CPPreviewDate must be after CPPstartDate and on or before "
                        "CPPendDate: a review conference reviews a running plan",
                    )
                    return None
                reviews.append(held)
        return PlanRow(
            path, start, end, categories[0], categories[1], previous, sorted(set(reviews))
        )

    def add_plan(self, row: ChildRow, plan: PlanRow) -> None:
        same = next((p for p in row.plans if p.start == plan.start), None)
        if same is None:
            row.plans.append(plan)
            return
        if same.key() != plan.key() or same.reviews != plan.reviews:
            self.error(
                plan.path,
                row.la_child_id,
                "CPPstartDate",
                plan.start.isoformat(),
                f"Another plan starting the same day differs from it ({same.path})",
            )
        else:
            self.issue(
                "warning",
                plan.path,
                row.la_child_id,
                "CPPstartDate",
                plan.start.isoformat(),
                f"The same plan is given twice (also {same.path})",
            )


def read_census(content: bytes, *, calendar: WorkingDayCalendar) -> Census:
    """The census's section 47 and child protection plan rows and every problem in the file."""
    reader = _Reader(calendar)
    try:
        root = ElementTree.fromstring(content)
    except DefusedXmlException:
        reader.error(
            "",
            "",
            "",
            "",
            "The file declares entities or a DTD, which are not allowed: export the census again",
        )
        return reader.census
    except ElementTree.ParseError as error:
        reader.error("", "", "", "", f"The file is not readable XML ({error})")
        return reader.census
    census = reader.read(root)
    for row in census.children:
        _overlapping_plans(reader, row)
    return census


def _overlapping_plans(reader: _Reader, row: ChildRow) -> None:
    """A child is on one plan at a time: each plan ends before (or the day) the next starts."""
    plans = sorted(row.plans, key=lambda p: p.start)
    for earlier, later in itertools.pairwise(plans):
        if earlier.end is None or earlier.end > later.start:
            reader.error(
                later.path,
                row.la_child_id,
                "CPPstartDate",
                later.start.isoformat(),
                f"This plan starts while the plan from {format_date(earlier.start)} is "
                "still running",
            )
