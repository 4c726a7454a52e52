"""On a generated service, every scorecard figure agrees everywhere it is shown: the page (annual
and monthly), the records behind it (the drill-down's count), the `scorecard` command's JSON and
the annual report; an IRO's children per FTE is the same on the scorecard and Caseloads page."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from iro.accounts.roles import Role
from iro.caseloads.models import ReviewingOfficer
from iro.reporting import report_measures
from iro.reporting.annual_report import build_report
from iro.reporting.arithmetic import ReportingPeriod, financial_year
from iro.reporting.scorecard import measures_for, reporting_period
from iro.reporting.selectors import figure_text
from iro.seeding.synthetic import ServiceShape, generate_service

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)  # 2026-27 is under way: reported to date
YEAR = 2026


class Cells(HTMLParser):
    """Collects each `data-measure` cell of a scorecard page: its text and its link."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, list[dict[str, Any]]] = {}
        self._cell: dict[str, Any] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "td" and "data-measure" in found:
            self._cell = {"text": "", "link": None}
            self.cells.setdefault(str(found["data-measure"]), []).append(self._cell)
        elif self._cell is not None and tag == "a":
            self._cell["link"] = found["href"]
        elif self._cell is not None and tag == "span":
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell["text"] += data.strip()


def page_cells(client: Any, path: str, **query: Any) -> dict[str, list[dict[str, Any]]]:
    response = client.get(path, query)
    assert response.status_code == 200, path
    parser = Cells()
    parser.feed(response.content.decode())
    return parser.cells


def drill_count(client: Any, link: str, part: str = "") -> int:
    link = link.replace("&amp;", "&") + (f"&part={part}" if part else "")
    response = client.get(link)
    assert response.status_code == 200, link
    return int(re.search(r'data-count="(\d+)"', response.content.decode()).group(1))  # type: ignore[union-attr]


def command_json(period: ReportingPeriod, capsys: Any) -> dict[str, Any]:
    end = period.requested_to or period.date_to
    call_command("scorecard", "--from", str(period.date_from), "--to", str(end))
    return json.loads(capsys.readouterr().out)


def check_figure(client: Any, key: str, value: dict[str, Any], cell: dict[str, Any]) -> None:
    """The page shows the command's figure, and its link leads to exactly the records counted."""
    assert cell["text"] == figure_text(value), key
    if cell["text"] == "Not recorded":
        assert cell["link"] is None, key
        return
    assert cell["link"], f"{key} has no link to its records"
    if key == "children_looked_after_monthly_average":
        body = client.get(cell["link"].replace("&amp;", "&")).content.decode()
        days = [int(n) for n in re.findall(r'data-day-count="(\d+)"', body)]
        assert days == list(value["months"].values()), key
        return
    count = drill_count(client, cell["link"])
    if "percent" in value:
        assert count == value["numerator"], key
        assert drill_count(client, cell["link"], part="denominator") == value["denominator"], key
    elif "per_fte" in value:
        assert count == value["children"], key
    elif "records" in value:  # a computed figure (a median, a sum): the records it is from
        assert count == value["records"], key
    else:
        assert count == value["count"], key


@pytest.fixture
def generated(db: Any) -> None:
    with time_machine.travel(TODAY, tick=False):
        generate_service(ServiceShape(children=45, years=3, seed=16, as_of=TODAY, iros=3))


def test_every_figure_agrees_on_page_drill_down_command_and_report(
    generated: None, client_for: Any, capsys: Any
) -> None:
    with time_machine.travel(TODAY, tick=False):
        client = client_for(Role.IRO_MANAGER)
        cells = page_cells(client, "/scorecard/", year=YEAR)
        periods = [reporting_period(financial_year(y)) for y in (YEAR - 2, YEAR - 1, YEAR)]
        assert periods[-1].to_date and periods[-1].date_to == TODAY
        measures = measures_for(periods[-1])
        figures = [command_json(p, capsys) for p in periods]
        assert figures[-1]["as_at"] == TODAY.isoformat() and figures[-1]["to_date"] is True
        assert figures[0]["as_at"] == figures[0]["to"] and figures[0]["to_date"] is False
        report = build_report(YEAR)
        report_cells = {
            row[0]: row[1:]
            for section in report.sections
            if section.table
            for row in section.table.rows
        }
        assert report.as_at == TODAY
        linked = {m.key for m in measures if cells[m.key][1]["link"]}
        # The generated service has something behind nearly every measure of a full year.
        assert {
            "reviews_overdue_at_end",
            "iro_allocated_in_timescale",
            "caseload_per_fte",
        } <= linked
        # The generator makes no convening, feedback or staffing records: the report's own
        # measures are checked with figures in tests/reporting/test_report_tables.py.
        own = {m.key for m in report_measures.measures_for(periods[-1])}
        core = [m for m in measures if m.key not in own]
        assert len(linked - own) >= len(core) - 8, set(m.key for m in core) - linked
        for measure in measures:
            assert measure.key in cells, f"{measure.key} is not on the scorecard page"
            for index, figure in enumerate(figures):
                value = json.loads(json.dumps(figure["measures"][measure.key]))
                check_figure(client, measure.key, value, cells[measure.key][index])
                if measure.label in report_cells:
                    assert report_cells[measure.label][index] == figure_text(value), measure.key


def test_every_monthly_figure_agrees_with_its_records_and_the_command(
    generated: None, client_for: Any, capsys: Any
) -> None:
    with time_machine.travel(TODAY, tick=False):
        client = client_for(Role.IRO_MANAGER)
        iro = ReviewingOfficer.objects.order_by("pk").first()
        assert iro is not None
        cells = page_cells(client, "/scorecard/monthly", year=YEAR, iro=iro.pk)
        # April to November: the months that have begun; November to date.
        for index, month in (
            (0, ReportingPeriod(date(2026, 4, 1), date(2026, 4, 30))),
            (7, reporting_period(ReportingPeriod(date(2026, 11, 1), date(2026, 11, 30)))),
        ):
            call_command(
                "scorecard",
                "--from",
                str(month.date_from),
                "--to",
                str(month.requested_to or month.date_to),
                "--iro",
                str(iro.pk),
            )
            figure = json.loads(capsys.readouterr().out)
            for measure in measures_for(month):
                value = figure["measures"][measure.key]
                assert len(cells[measure.key]) == 8, measure.key
                check_figure(client, measure.key, value, cells[measure.key][index])


def test_an_iros_children_per_fte_is_the_same_on_every_page(
    generated: None, client_for: Any, capsys: Any
) -> None:
    with time_machine.travel(TODAY, tick=False):
        client = client_for(Role.IRO_MANAGER)
        body = client.get("/caseloads/").content.decode()
        on_page = dict(re.findall(r'data-iro-per-fte="(\d+)">([\d,.–]+)<', body))
        service = re.search(r"data-service-per-fte><strong>([\d,.]+)<", body).group(1)  # type: ignore[union-attr]
        figure = command_json(reporting_period(financial_year(YEAR)), capsys)["measures"]
        caseload = figure["caseload_per_fte"]
        assert f"{caseload['per_fte']:.1f}" == service
        assert caseload["per_fte"] == round(caseload["children"] / caseload["fte"], 1)
        assert on_page and {k: f"{v:.1f}" for k, v in caseload["by_iro"].items()} == on_page
        for iro_id, per_fte in caseload["by_iro"].items():
            call_command(
                "scorecard", "--from", f"{YEAR}-04-01", "--to", f"{YEAR + 1}-03-31", "--iro", iro_id
            )
            mine = json.loads(capsys.readouterr().out)["measures"]["caseload_per_fte"]
            assert mine["per_fte"] == per_fte
