"""Caseload pages: who may see them, what they show, and query counts that do not grow."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child
from tests.editing import version_from


@pytest.mark.parametrize(
    ("url", "allowed", "refused"),
    [
        ("/caseloads/", [Role.IRO_MANAGER, Role.HEAD_OF_SERVICE, Role.AUDITOR], [Role.IRO]),
        ("/caseloads/continuity", [Role.AUDITOR], [Role.OPERATIONAL]),
        ("/caseloads/forecast", [Role.IRO_MANAGER, Role.HEAD_OF_SERVICE], [Role.AUDITOR]),
        ("/caseloads/iros/", [Role.IRO_MANAGER, Role.ADMINISTRATOR], [Role.HEAD_OF_SERVICE]),
        ("/caseloads/iros/new", [Role.ADMINISTRATOR], [Role.IRO, Role.BUSINESS_SUPPORT]),
    ],
)
def test_pages_open_only_to_their_roles(
    client: Any, make_user: Any, url: str, allowed: list[Role], refused: list[Role]
) -> None:
    for role in allowed:
        client.force_login(make_user(role))
        assert client.get(url).status_code == 200, role
    for role in refused:
        client.force_login(make_user(role))
        assert client.get(url).status_code == 403, role


def test_caseload_page_shows_per_fte_band_and_service_average(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    iro = make_iro("Priya Shah", fte="0.50")
    for _ in range(2):
        make_child(iro=iro)
    page = client_for(Role.IRO_MANAGER).get("/caseloads/").content.decode()
    table = page[: page.index("</table>")]  # the first table: caseloads today
    (row,) = re.findall(r"<tr[^>]*>\s*<th[^>]*>Priya Shah.*?</tr>", table, re.S)
    cells = [
        re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    fte, children, per_fte, band = cells[1], cells[4][0], cells[5], cells[6]
    assert fte == ["0.50"]
    assert children == "2"
    assert per_fte == ["4.0"]  # 2 children on 0.5 FTE
    assert band == ["Below", "50"]
    assert "Month by month" in page
    # The monthly history is charted too, beside its table.
    assert 'class="iro-chart"' in page and "Children per FTE at each month end" in page
    assert " style=" not in page


def test_forecast_page_has_an_accessible_chart_table_and_method(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    iro = make_iro()
    today = timezone.localdate()
    for days in (5, 60, 200, 800):
        make_child(iro=iro, start_date=today - timedelta(days=days))
    response = client_for(Role.IRO_MANAGER).get("/caseloads/forecast")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="iro-chart"' in page and 'role="img"' in page
    assert "Children looked after: the last 2 years" in page
    assert "style=" not in page and "<script>" not in page
    assert "The numbers behind the chart" in page and "How the forecast works" in page
    assert re.search(r"FTE needed today", page)
    assert "4 children are looked after today" in page


def test_manager_adds_an_iro_fixing_errors_and_it_is_audited(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    form = {
        "name": "Grace Adeyemi",
        "fte": "1.2",
        "contract": "agency",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2026",
        "end_date_day": "31",
        "end_date_month": "3",
        "end_date_year": "2026",
        "service_area": "Under 5s",
        "other_duties": "Fostering reviews",
        "other_duties_weight": "0.1",
        "user": "",
    }
    response = client.post("/caseloads/iros/new", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "FTE must be between 0.05 and 1" in page
    assert "End date must be the same as or after the start date" in page
    assert not ReviewingOfficer.objects.exists()
    response = client.post("/caseloads/iros/new", form | {"fte": "0.6", "end_date_year": "2027"})
    assert response.status_code == 302
    officer = ReviewingOfficer.objects.get()
    assert (officer.fte, officer.contract, officer.fte_for_children_in_care) == (
        Decimal("0.60"),
        "agency",
        Decimal("0.54"),
    )
    entry = AuditEntry.objects.get(object_type="reviewing_officer", action="create")
    assert entry.changes["fte"] == [None, "0.60"]


def test_add_form_starts_with_the_council_default_weight(client_for: Any) -> None:
    from iro.core.council import council_settings

    settings_row = council_settings()
    settings_row.default_other_duties_weight = Decimal("0.15")
    settings_row.save()
    page = client_for(Role.IRO_MANAGER).get("/caseloads/iros/new").content.decode()
    assert 'value="0.15"' in page


def test_editing_an_iro_links_a_user_and_audits_the_change(
    client_for: Any, make_iro: Any, make_user: Any
) -> None:
    officer = make_iro("Tom Fielding", with_user=False)
    iro_user = make_user(Role.IRO, username="tfielding")
    client = client_for(Role.ADMINISTRATOR)
    page = client.get(f"/caseloads/iros/{officer.pk}/edit").content.decode()
    assert "tfielding" in page
    response = client.post(
        f"/caseloads/iros/{officer.pk}/edit",
        {
            **version_from(client, f"/caseloads/iros/{officer.pk}/edit"),
            "name": "Tom Fielding",
            "fte": "0.8",
            "contract": "permanent",
            "start_date_day": "1",
            "start_date_month": "1",
            "start_date_year": "2020",
            "other_duties_weight": "0",
            "user": iro_user.pk,
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.fte, officer.user) == (Decimal("0.80"), iro_user)
    entry = AuditEntry.objects.get(object_type="reviewing_officer", action="update")
    assert set(entry.changes) == {"fte", "user_id"}


def test_a_user_without_the_iro_role_cannot_be_linked(
    client_for: Any, make_iro: Any, make_user: Any
) -> None:
    officer = make_iro("Tom Fielding", with_user=False)
    social_worker = make_user(Role.OPERATIONAL)
    response = client_for(Role.IRO_MANAGER).post(
        f"/caseloads/iros/{officer.pk}/edit",
        {
            "name": "Tom Fielding",
            "fte": "1",
            "contract": "permanent",
            "start_date_day": "1",
            "start_date_month": "1",
            "start_date_year": "2020",
            "other_duties_weight": "0",
            "user": social_worker.pk,
        },
    )
    assert response.status_code == 200
    assert "Select the user account, or 'Not linked'" in html.unescape(response.content.decode())


def test_allocation_page_suggests_the_siblings_iro_first(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    make_iro("Light Load")
    sibling_iro = make_iro("Sibling Keeper")
    brother = make_child(iro=sibling_iro)
    child = make_child()
    Child.objects.filter(pk__in=[brother.pk, child.pk]).update(sibling_group="S9")
    page = client_for(Role.IRO_MANAGER).get(f"/children/{child.pk}/allocate-iro").content.decode()
    suggested = page[page.index("Suggested IROs") :]
    assert suggested.index("Sibling Keeper") < suggested.index("Light Load")
    assert "brothers or sisters" in suggested


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url", ["/caseloads/", "/caseloads/continuity", "/caseloads/forecast", "/caseloads/iros/"]
)
def test_list_pages_cost_the_same_queries_for_3_or_30_children_and_iros(
    client_for: Any, build_service: Callable[..., Any], url: str
) -> None:
    client = client_for(Role.IRO_MANAGER)
    build_service(iros=3, children=3, prefix="A")
    _queries(client, url)  # warm caches (sessions, permissions)
    small = _queries(client, url)
    build_service(iros=27, children=27, prefix="B")
    assert _queries(client, url) == small


def test_allocation_page_costs_the_same_for_3_or_30_iros(
    client_for: Any, build_service: Callable[..., Any], make_child: Any
) -> None:
    client = client_for(Role.IRO_MANAGER)
    child = make_child()
    build_service(iros=3, children=3, prefix="A")
    url = f"/children/{child.pk}/allocate-iro"
    _queries(client, url)
    small = _queries(client, url)
    build_service(iros=27, children=27, prefix="B")
    assert _queries(client, url) == small


def test_forecast_and_caseload_pages_work_for_an_empty_service(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    for url in ("/caseloads/", "/caseloads/forecast", "/caseloads/continuity", "/caseloads/iros/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "No FTE in post" in client.get("/caseloads/forecast").content.decode()


def test_continuity_page_lists_children_with_many_changes_and_split_siblings(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    from iro.children.services import iro_allocate

    iros = [make_iro(f"IRO{i} Person") for i in range(4)]
    start = timezone.localdate() - timedelta(days=300)
    moved = make_child(iro=iros[0], start_date=start, first_name="Moved")
    for step, iro in enumerate(iros[1:], start=1):
        iro_allocate(
            acting_user=None,
            child=moved,
            iro=iro,
            start_date=start + timedelta(days=30 * step),
            reason="Cover",
        )
    sister = make_child(iro=iros[0], first_name="Sister")
    Child.objects.filter(pk__in=[moved.pk, sister.pk]).update(sibling_group="G7")
    page = client_for(Role.AUDITOR).get("/caseloads/continuity").content.decode()
    assert "<title>IRO changes per child –" in page
    assert page.count("Brothers and sisters with different IROs") == 1
    changes = page[page.index("Children with 3 or more IRO changes") :]
    assert "Moved" in changes
    assert "G7" in page[page.index("Brothers and sisters with different IROs") :]


def test_caseload_history_can_go_back_two_years(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    make_child(iro=make_iro(), start_date=timezone.localdate() - timedelta(days=900))
    from iro.caseloads.selectors import month_ends
    from iro.core.templating import govuk_date

    client = client_for(Role.IRO_MANAGER)
    two_years_back = govuk_date(month_ends(timezone.localdate(), 24)[0])
    assert two_years_back in client.get("/caseloads/?months=24").content.decode()
    assert two_years_back not in client.get("/caseloads/?months=999").content.decode()
