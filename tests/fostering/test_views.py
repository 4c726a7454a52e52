from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.fostering import services
from iro.fostering.models import FosterHousehold
from tests.clock import TODAY
from tests.editing import version_from
from tests.fostering.helpers import date_post as _date
from tests.fostering.helpers import review_values

pytestmark = pytest.mark.django_db


def _review_post(held_on: date, **extra: str) -> dict[str, str]:
    return {
        **_date("held_on", held_on),
        "carers_views": "We want to carry on fostering.",
        "childrens_views": "",
        "social_worker_views": "A settled, warm household.",
        "recommendation": "continue",
        **extra,
    }


def test_the_fostering_iro_sees_their_households_overdue_first(
    client: Any,
    make_household: Callable[..., FosterHousehold],
    fostering_iro: ReviewingOfficer,
    make_iro: Callable[..., ReviewingOfficer],
) -> None:
    overdue = make_household(approved_on=date(2025, 10, 1))  # due 1 October 2026
    make_household(approved_on=date(2026, 6, 1))
    other = make_household(chair=make_iro("Other Iro"))
    client.force_login(fostering_iro.user)
    page = client.get("/fostering/my-reviews").content.decode()
    assert page.index(overdue.reference) < page.index("FH-0002")
    assert other.reference not in page
    assert "1 with a review overdue" in page
    assert "Overdue" in page
    assert AuditEntry.objects.filter(action="view", object_type="foster_households").exists()
    only = client.get("/fostering/my-reviews?status=overdue").content.decode()
    assert overdue.reference in only and "FH-0002" not in only
    my_children = client.get("/my-children/").content.decode()
    assert "You chair the reviews of 2 approved foster households: 1 overdue" in my_children


@pytest.mark.parametrize(
    ("url", "allowed", "refused"),
    [
        ("/fostering/my-reviews", Role.IRO, Role.IRO_MANAGER),
        ("/fostering/households/", Role.IRO_MANAGER, Role.OPERATIONAL),
        ("/fostering/households/new", Role.BUSINESS_SUPPORT, Role.IRO),
    ],
)
def test_who_may_use_each_list(
    client_for: Callable[..., Any],
    make_user: Callable[..., Any],
    make_iro: Callable[..., ReviewingOfficer],
    url: str,
    allowed: Role,
    refused: Role,
) -> None:
    refused_user = make_user(refused)
    assert client_for(refused_user).get(url).status_code == 403
    assert AuditEntry.objects.filter(actor=refused_user, action="denied").exists()
    user = make_iro("Ann Iro").user if allowed == Role.IRO else make_user(allowed)
    assert client_for(user).get(url).status_code == 200


def _household_page_queries(client: Any, household: FosterHousehold) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/fostering/households/{household.pk}").status_code == 200
    return len(queries)


def _service_list_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/fostering/households/").status_code == 200
    return len(queries)


def test_pages_issue_the_same_number_of_queries_however_many_households_and_reviews(
    client_for: Callable[..., Any],
    make_household: Callable[..., FosterHousehold],
    fostering_iro: ReviewingOfficer,
) -> None:
    client = client_for(Role.IRO_MANAGER)
    household = make_household(approved_on=date(2023, 1, 5))
    _household_page_queries(client, household)  # the session and settings are read once
    services.review_record(acting_user=None, household=household, **review_values(date(2024, 1, 4)))
    few_detail, few_list = _household_page_queries(client, household), _service_list_queries(client)
    for year in (2025, 2026):
        services.review_record(
            acting_user=None, household=household, **review_values(date(year, 1, 3))
        )
    for _ in range(6):
        make_household()
    assert _household_page_queries(client, household) == few_detail
    assert _service_list_queries(client) == few_list


def test_the_fostering_iro_records_a_first_review_end_to_end(
    client: Any, make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household(approved_on=date(2025, 11, 1))
    client.force_login(fostering_iro.user)
    url = f"/fostering/households/{household.pk}/reviews/new"
    form = client.get(url).content.decode()
    assert "goes to the fostering panel" in form
    response = client.post(
        url, _review_post(date(2026, 11, 2), **_date("referred_to_panel_on", TODAY))
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.reviews_held == 1 and household.next_review_due == date(2027, 11, 2)
    page = client.get(f"/fostering/households/{household.pk}").content.decode()
    assert "Review 1: 2 November 2026" in page
    assert "Referred on 23 November 2026" in page


def test_bad_review_dates_get_govuk_errors_and_nothing_is_saved(
    client: Any, make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household(approved_on=date(2025, 11, 1))
    client.force_login(fostering_iro.user)
    url = f"/fostering/households/{household.pk}/reviews/new"
    before = client.post(url, _review_post(date(2025, 10, 31))).content.decode()
    assert (
        "Date of review must be the same as or after the approval date, 1 November 2025" in before
    )
    future = client.post(url, _review_post(TODAY + timedelta(days=1))).content.decode()
    assert "Date of review must be today or in the past" in future
    empty = client.post(url, {}).content.decode()
    assert "Enter the date of review" in empty and "Enter the carers" in empty
    assert not household.reviews.exists()


def test_a_colleague_iro_cannot_record_and_the_refusal_is_audited(
    client: Any,
    make_household: Callable[..., FosterHousehold],
    make_iro: Callable[..., ReviewingOfficer],
) -> None:
    household = make_household()
    colleague = make_iro("Col League")
    client.force_login(colleague.user)
    url = f"/fostering/households/{household.pk}/reviews/new"
    assert client.get(url).status_code == 403
    assert client.post(url, _review_post(TODAY)).status_code == 403
    assert not household.reviews.exists()
    assert AuditEntry.objects.filter(
        actor=colleague.user, action="denied", object_type="foster_household"
    ).exists()


def test_the_panel_form_refuses_a_save_over_someone_elses_change(
    client: Any, make_household: Callable[..., FosterHousehold], fostering_iro: ReviewingOfficer
) -> None:
    household = make_household(approved_on=date(2025, 11, 1))
    review = services.review_record(
        acting_user=None, household=household, **review_values(date(2026, 11, 2))
    )
    client.force_login(fostering_iro.user)
    url = f"/fostering/reviews/{review.pk}/panel"
    version = version_from(client, url)
    services.review_panel_record(
        acting_user=None, review=review, referred_to_panel_on=date(2026, 11, 3)
    )
    page = client.post(url, {**version, **_date("referred_to_panel_on", date(2026, 11, 4))})
    assert "Someone else changed this record" in page.content.decode()
    review.refresh_from_db()
    assert review.referred_to_panel_on == date(2026, 11, 3)
    saved = client.post(
        url,
        {
            **version_from(client, url),
            **_date("referred_to_panel_on", date(2026, 11, 4)),
            **_date("panel_date", date(2026, 11, 20)),
            "panel_recommendation": "continue",
        },
    )
    assert saved.status_code == 302
    review.refresh_from_db()
    assert review.panel_date == date(2026, 11, 20)


def test_business_support_adds_a_household(
    client_for: Callable[..., Any], fostering_iro: ReviewingOfficer
) -> None:
    client = client_for(Role.BUSINESS_SUPPORT)
    data = {
        "reference": "FH-0042",
        "carers": "Amal and Chris Banks",
        **_date("approved_on", date(2024, 2, 29)),
        "approval_type": "general",
        "approval_terms": "Up to 2 children aged 5 to 16",
        "supervising_social_worker": "Dee Walker",
        "chair": str(fostering_iro.pk),
    }
    bad = client.post("/fostering/households/new", {**data, "reference": "T00042"})
    assert "Enter a reference in the format FH-0012" in bad.content.decode()
    response = client.post("/fostering/households/new", data)
    assert response.status_code == 302
    household = FosterHousehold.objects.get(reference="FH-0042")
    assert household.next_review_due == date(2025, 2, 28)
