"""Recording oversight and midpoint reviews, the drift and standard pages, and dip-sampling."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote_plus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import Child
from iro.core import facts
from iro.monitoring.models import (
    DipSample,
    MidpointReview,
    OversightRecord,
    RecommendationProgress,
)

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def iro(make_iro: Any) -> Any:
    return make_iro("Priya Shah")


@pytest.fixture
def child(make_child: Any, iro: Any, today: date) -> Child:
    return make_child(first_name="Ruby", start_date=today - timedelta(days=200), iro=iro)


def test_child_page_shows_the_quick_oversight_form_with_defaults(
    client_for: Any, iro: Any, child: Child, today: date
) -> None:
    body = client_for(iro.user).get(f"/children/{child.pk}/").content.decode()
    assert "Oversight between reviews" in body
    assert f'action="/children/{child.pk}/oversight/new"' in body
    assert (
        f'name="date_day" type="text" value="{today.day}"'
        in body.replace(' inputmode="numeric"', "")
        or f'value="{today.day}"' in body
    )
    assert 'value="case_record" checked' in body
    assert "Record a midpoint review" in body


def test_iro_records_oversight_from_the_child_page_in_one_post(
    client_for: Any, iro: Any, child: Child, today: date
) -> None:
    client = client_for(iro.user)
    response = client.post(
        f"/children/{child.pk}/oversight/new",
        {
            **_date("date", today),
            "type": "case_record",
            "what_checked": "Read the latest visit record",
            **_date("next_check_on", today + timedelta(weeks=6)),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    record = OversightRecord.objects.get(child=child)
    assert record.iro == iro
    assert record.recorded_by == iro.user
    assert record.next_check_on == today + timedelta(weeks=6)
    assert AuditEntry.objects.filter(object_type="oversight", object_id=str(record.pk)).exists()
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Oversight recorded for Ruby" in page


def test_full_form_notes_progress_on_each_open_recommendation(
    client_for: Any, iro: Any, child: Child, today: date, held_review: Any, recommendation: Any
) -> None:
    review = held_review(child, today - timedelta(days=150))
    open_one = recommendation(review, today + timedelta(days=10))
    other_open = recommendation(review, today + timedelta(days=20))
    recommendation(review, today - timedelta(days=10), status="done")
    client = client_for(iro.user)
    page = client.get(f"/children/{child.pk}/oversight/new").content.decode()
    assert f'name="progress_{open_one.pk}"' in page
    assert f'name="progress_{other_open.pk}"' in page
    assert page.count('name="progress_') == 2  # done recommendations are not asked about
    response = client.post(
        f"/children/{child.pk}/oversight/new",
        {
            **_date("date", today),
            "type": "discussion",
            "what_checked": "Talked with the social worker",
            f"progress_{open_one.pk}": "Contact booked for Saturday",
            f"progress_{other_open.pk}": "  ",
            "concerns": "School place not yet confirmed",
        },
    )
    assert response.status_code == 302
    (note,) = RecommendationProgress.objects.all()
    assert note.recommendation == open_one
    assert note.note == "Contact booked for Saturday"
    detail = client.get(f"/oversight/{note.oversight_id}/").content.decode()
    assert "Contact booked for Saturday" in detail
    assert "School place not yet confirmed" in detail


def test_bad_oversight_shows_govuk_errors_and_saves_nothing(
    client_for: Any, iro: Any, child: Child, today: date
) -> None:
    response = client_for(iro.user).post(
        f"/children/{child.pk}/oversight/new",
        {
            "date_day": "31",
            "date_month": "2",
            "date_year": str(today.year),
            "type": "case_record",
            "what_checked": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Date of oversight must be a real date" in body
    assert "Enter what was checked" in body
    assert 'href="#id_date_day"' in body
    assert not OversightRecord.objects.exists()


def test_next_check_before_the_oversight_is_refused(
    client_for: Any, iro: Any, child: Child, today: date
) -> None:
    body = (
        client_for(iro.user)
        .post(
            f"/children/{child.pk}/oversight/new",
            {
                **_date("date", today),
                "type": "case_record",
                "what_checked": "Case record",
                **_date("next_check_on", today - timedelta(days=1)),
            },
        )
        .content.decode()
    )
    assert "Next check date must be the same as or after" in body
    assert not OversightRecord.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATIONAL, Role.BUSINESS_SUPPORT, Role.IRO_MANAGER])
def test_only_iros_record_oversight(client_for: Any, child: Child, role: Role) -> None:
    response = client_for(role).get(f"/children/{child.pk}/oversight/new")
    assert response.status_code == 403


def test_social_worker_does_not_see_the_oversight_panel(client_for: Any, child: Child) -> None:
    body = client_for(Role.OPERATIONAL).get(f"/children/{child.pk}/").content.decode()
    assert "Oversight between reviews" not in body


def test_midpoint_review_links_the_last_review_and_counts_as_oversight(
    client_for: Any, iro: Any, child: Child, today: date, held_review: Any, recommendation: Any
) -> None:
    review = held_review(child, today - timedelta(days=150))
    recommendation(review, today + timedelta(days=10))
    client = client_for(iro.user)
    page = client.get(f"/children/{child.pk}/midpoint-review/new").content.decode()
    assert "Arrange contact with brother" in page
    assert "Recommendations from the last review" in page
    response = client.post(
        f"/children/{child.pk}/midpoint-review/new",
        {
            **_date("date", today),
            "working_well": "You told me you like your school.",
            "worried_about": "We are worried you have not seen your brother.",
            "needs_to_happen": "Your social worker will book visits.",
            "signs_of_success": "You see your brother every other week.",
            "scale": "7",
        },
    )
    assert response.status_code == 302
    midpoint = MidpointReview.objects.get()
    assert midpoint.last_review == review
    assert midpoint.scale == 7
    assert midpoint.oversight.type == OversightRecord.Type.MIDPOINT_REVIEW
    assert midpoint.oversight.child == child
    detail = client.get(f"/oversight/{midpoint.oversight_id}/").content.decode()
    assert "You told me you like your school." in detail


def test_midpoint_review_needs_the_three_questions_and_a_scale(
    client_for: Any, iro: Any, child: Child, today: date
) -> None:
    body = (
        client_for(iro.user)
        .post(f"/children/{child.pk}/midpoint-review/new", {**_date("date", today)})
        .content.decode()
    )
    for message in (
        "Enter what is working well",
        "Enter what we are worried about",
        "Enter what needs to happen",
        "Select a number from 0 to 10",
    ):
        assert message in body
    assert not OversightRecord.objects.exists()


def _drifting_children(n: int, iro: Any, make_child: Any, today: date) -> None:
    for _ in range(n):
        make_child(start_date=today - timedelta(days=400), iro=iro)  # no SW, no oversight


def test_my_drift_page_lists_each_child_with_why(
    client_for: Any, iro: Any, make_child: Any, make_iro: Any, today: date
) -> None:
    mine = make_child(first_name="Mine", start_date=today - timedelta(days=400), iro=iro)
    make_child(first_name="Theirs", start_date=today - timedelta(days=400), iro=make_iro("Tom"))
    body = client_for(iro.user).get("/drift/").content.decode()
    assert "Mine Tester" in body
    assert "Theirs Tester" not in body
    assert "No social worker is allocated to the child." in body
    assert "No oversight has been recorded in the more than 91 days" in body
    try:
        base = reverse("disputes:raise")
    except NoReverseMatch:
        return
    summary = quote_plus("No social worker is allocated to the child.")
    link = f"{base}?child={mine.pk}&amp;category=no_social_worker&amp;summary={summary}"
    assert link in body


def test_drift_page_filters_by_rule(
    client_for: Any, iro: Any, make_child: Any, today: date, social_worker: Any
) -> None:
    calm = make_child(first_name="Calm", start_date=today - timedelta(days=400), iro=iro)
    social_worker(calm)
    make_child(first_name="Alone", start_date=today - timedelta(days=400), iro=iro)
    body = client_for(iro.user).get("/drift/?rule=no_social_worker").content.decode()
    assert "Alone Tester" in body
    assert "Calm Tester" not in body


@pytest.mark.parametrize(
    ("url", "as_iro"),
    [("/drift/", True), ("/drift/service/", False), ("/oversight/standards/?status=", True)],
)
def test_drift_and_standard_pages_query_count_is_the_same_for_3_and_30_children(
    client_for: Any,
    make_iro: Any,
    make_child: Any,
    make_user: Any,
    today: date,
    url: str,
    as_iro: bool,
) -> None:
    iro = make_iro("Daniel Okafor")
    client = client_for(iro.user if as_iro else make_user(Role.IRO_MANAGER))
    _drifting_children(3, iro, make_child, today)
    client.get(url)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    _drifting_children(27, iro, make_child, today)
    with CaptureQueriesContext(connection) as thirty:
        body = client.get(url).content.decode()
    ceiling = {"/drift/": 13, "/drift/service/": 14, "/oversight/standards/?status=": 13}[url]
    assert len(three) == len(thirty) <= ceiling
    assert "30" in body


def test_service_drift_filters_by_iro_and_is_refused_to_iros(
    client_for: Any, make_iro: Any, make_child: Any, make_user: Any, today: date
) -> None:
    first, second = make_iro("Priya Shah"), make_iro("Tom Fielding")
    make_child(first_name="Priya's", start_date=today - timedelta(days=400), iro=first)
    make_child(first_name="Tom's", start_date=today - timedelta(days=400), iro=second)
    client = client_for(make_user(Role.IRO_MANAGER))
    body = client.get(f"/drift/service/?iro={second.pk}").content.decode()
    assert "Tom&#39;s Tester" in body or "Tom's Tester" in body
    assert "Priya&#39;s Tester" not in body and "Priya's Tester" not in body
    assert client_for(first.user).get("/drift/service/").status_code == 403


def test_my_children_summarises_drift(
    client_for: Any, iro: Any, make_child: Any, today: date
) -> None:
    _drifting_children(2, iro, make_child, today)
    body = client_for(iro.user).get("/my-children/").content.decode()
    assert "2 of your children show signs of drift or delay." in body
    assert "No allocated social worker: 2 children" in body
    assert "2 of your children are below the oversight standard" in body


def test_standards_page_lists_children_below_standard(
    client_for: Any, iro: Any, make_child: Any, today: date
) -> None:
    below = make_child(first_name="Unseen", start_date=today - timedelta(days=400), iro=iro)
    seen = make_child(first_name="Seen", start_date=today - timedelta(days=400), iro=iro)
    for weeks in (2, 10, 20, 30, 40):
        OversightRecord.objects.create(
            child=seen, date=today - timedelta(weeks=weeks), type="case_record"
        )
    facts.refresh([seen.pk])
    body = client_for(iro.user).get("/oversight/standards/").content.decode()
    assert "Unseen Tester" in body
    assert "Seen Tester" not in body
    assert below.pk


def _oversights_in(month: date, n: int, child: Child, iro: Any) -> list[OversightRecord]:
    return [
        OversightRecord.objects.create(
            child=child, iro=iro, date=month + timedelta(days=i % 28), type="case_record"
        )
        for i in range(n)
    ]


def test_dip_sample_is_random_but_the_same_each_time(
    client_for: Any, make_user: Any, iro: Any, child: Child
) -> None:
    _oversights_in(date(2026, 10, 1), 25, child, iro)
    manager = make_user(Role.IRO_MANAGER)
    client = client_for(manager)
    first = client.get("/quality/dip-sample/?month=2026-10").content.decode()
    again = client.get("/quality/dip-sample/?month=2026-10").content.decode()
    links = re.findall(r"/quality/dip-sample/oversight/\d+", first)
    assert links == re.findall(r"/quality/dip-sample/oversight/\d+", again)
    from iro.monitoring.selectors import dip_sample

    one = [o.pk for o in dip_sample(date(2026, 10, 1), user=manager)["oversights"]]
    two = [o.pk for o in dip_sample(date(2026, 10, 15), user=manager)["oversights"]]
    assert one == two and len(one) == 10
    assert first.count("/quality/dip-sample/oversight/") == 10


def test_manager_rates_an_oversight_and_the_iro_sees_the_feedback(
    client_for: Any, make_user: Any, iro: Any, child: Child
) -> None:
    (record,) = _oversights_in(date(2026, 10, 1), 1, child, iro)
    manager = make_user(Role.IRO_MANAGER)
    client = client_for(manager)
    url = f"/quality/dip-sample/oversight/{record.pk}"
    empty = client.post(url, {}).content.decode()
    assert "Select a rating" in empty and "Enter feedback for the IRO" in empty
    response = client.post(
        url, {"rating": "requires_improvement", "feedback": "Say who you spoke to."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/quality/dip-sample/?month=2026-10"
    client.post(url, {"rating": "good", "feedback": "Better."})  # re-rating replaces
    sample = DipSample.objects.get()
    assert (sample.rating, sample.iro, sample.month) == ("good", iro, date(2026, 10, 1))
    report = client.get("/quality/dip-sample/report/?month=2026-10").content.decode()
    assert (
        "Priya Shah" in report and "1 item sampled and rated: 1 oversight and 0 reviews" in report
    )
    feedback = client_for(iro.user).get("/quality/feedback/").content.decode()
    assert "Better." in feedback


def test_manager_rates_a_review(
    client_for: Any, make_user: Any, child: Child, today: date, held_review: Any
) -> None:
    review = held_review(child, today - timedelta(days=150))
    client = client_for(make_user(Role.IRO_MANAGER))
    response = client.post(
        f"/quality/dip-sample/review/{review.pk}", {"rating": "inadequate", "feedback": "Late."}
    )
    assert response.status_code == 302
    assert DipSample.objects.get().review == review


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/quality/dip-sample/", Role.IRO),
        ("/quality/dip-sample/report/", Role.IRO),
        ("/quality/feedback/", Role.OPERATIONAL),
        ("/drift/", Role.IRO_MANAGER),
        ("/oversight/standards/", Role.OPERATIONAL),
    ],
)
def test_pages_refuse_roles_without_the_action(client_for: Any, url: str, role: Role) -> None:
    assert client_for(role).get(url).status_code == 403


def test_iro_feedback_shows_only_their_own(
    client_for: Any, make_user: Any, make_iro: Any, iro: Any, child: Child, make_child: Any
) -> None:
    other = make_iro("Tom Fielding")
    from iro.monitoring.services import dip_sample_rate

    mine = _oversights_in(date(2026, 10, 1), 1, child, iro)[0]
    theirs = _oversights_in(date(2026, 10, 1), 1, child, other)[0]
    manager = make_user(Role.IRO_MANAGER)
    dip_sample_rate(acting_user=manager, oversight=mine, rating="good", feedback="Mine.")
    dip_sample_rate(acting_user=manager, oversight=theirs, rating="good", feedback="Theirs.")
    body = client_for(iro.user).get("/quality/feedback/").content.decode()
    assert "Mine." in body and "Theirs." not in body


def test_child_page_query_count_does_not_grow_with_oversights(
    client_for: Any, iro: Any, child: Child, today: date, held_review: Any, recommendation: Any
) -> None:
    client = client_for(iro.user)
    OversightRecord.objects.create(child=child, iro=iro, date=today, type="case_record")
    client.get(f"/children/{child.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/children/{child.pk}/")
    for days in range(1, 12):
        OversightRecord.objects.create(
            child=child, iro=iro, date=today - timedelta(days=days), type="discussion"
        )
    with CaptureQueriesContext(connection) as twelve:
        body = client.get(f"/children/{child.pk}/").content.decode()
    assert len(one) == len(twelve) <= 40
    assert body.count("/oversight/") >= 5


def test_no_oversight_for_a_child_who_has_left_care(
    client_for: Any, iro: Any, child: Child
) -> None:
    Child.objects.filter(pk=child.pk).update(current_period=None)
    client = client_for(iro.user)
    assert client.get(f"/children/{child.pk}/oversight/new").status_code == 404
    assert client.get(f"/children/{child.pk}/midpoint-review/new").status_code == 404
    assert "Record oversight" not in client.get(f"/children/{child.pk}/").content.decode()


def test_progress_on_another_childs_recommendation_is_refused(
    iro: Any, child: Child, make_child: Any, today: date, held_review: Any, recommendation: Any
) -> None:
    from django.core.exceptions import ValidationError

    from iro.monitoring.services import oversight_record

    other = make_child(first_name="Other", start_date=today - timedelta(days=200), iro=iro)
    theirs = recommendation(held_review(other, today - timedelta(days=150)), today)
    with pytest.raises(ValidationError):
        oversight_record(
            acting_user=iro.user,
            child=child,
            date=today,
            type="case_record",
            what_checked="Checked",
            progress={theirs.pk: "Done"},
        )
    assert not OversightRecord.objects.exists()


def test_restricted_childs_oversight_is_refused_to_people_not_named(
    client_for: Any, make_user: Any, iro: Any, child: Child, today: date
) -> None:
    record = OversightRecord.objects.create(child=child, iro=iro, date=today, type="case_record")
    Child.objects.filter(pk=child.pk).update(restricted=True)
    client = client_for(make_user(Role.IRO_MANAGER))
    assert client.get(f"/oversight/{record.pk}/").status_code == 403
    assert client.get(f"/quality/dip-sample/oversight/{record.pk}").status_code == 403


def test_dip_sample_and_feedback_pages_query_count_is_the_same_for_3_and_30(
    client_for: Any, make_user: Any, iro: Any, child: Child
) -> None:
    from iro.monitoring.services import dip_sample_rate

    manager = make_user(Role.IRO_MANAGER)
    client = client_for(manager)

    def add(n: int) -> None:
        for record in _oversights_in(date(2026, 10, 1), n, child, iro):
            dip_sample_rate(acting_user=manager, oversight=record, rating="good", feedback="Ok.")

    urls = ["/quality/dip-sample/?month=2026-10", "/quality/feedback/"]
    add(3)
    for url in urls:
        client.get(url)
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        before.append(len(queries))
    add(27)
    after = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        after.append(len(queries))
    assert before == after
    assert after[0] <= 11 and after[1] <= 12
