"""The review cycle through the pages: convene, hold, record, write, distribute, follow up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import SocialWorker
from iro.reviews.models import Convening, Invitee, Recommendation, Review
from iro.timetable.calendar import add_months
from tests.editing import version_from

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture
def setting(make_iro: Any, make_child: Any, make_user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    iro = make_iro("Priya Shah")
    sw_user = make_user(Role.OPERATIONAL, first_name="Owen", last_name="Price")
    child = make_child(
        first_name="Ruby",
        start_date=today - timedelta(days=20),
        date_of_birth=add_months(today, -120) - timedelta(days=30),  # 29 February too
        iro=iro,
    )
    child.social_worker = SocialWorker.objects.create(name="Owen Price", user=sw_user)
    child.save()
    return {"today": today, "iro": iro, "child": child, "sw_user": sw_user}


def test_iro_convenes_holds_records_writes_and_distributes_a_review(
    client: Any, setting: dict[str, Any]
) -> None:
    today, iro, child = setting["today"], setting["iro"], setting["child"]
    client.force_login(iro.user)

    # The child's page offers to convene; convening invites the child and social worker.
    page = client.get(f"/children/{child.pk}/")
    assert "Convene the next review" in page.content.decode()
    response = client.post(
        f"/children/{child.pk}/convene",
        {**_date("proposed_date", today), "meeting_format": "virtual", "plan_kind": "care_plan"},
    )
    convening = Convening.objects.get(child=child)
    assert response["Location"] == f"/reviews/convening/{convening.pk}/"
    assert [i.role for i in convening.invitees.all()] == ["child", "social_worker"]
    assert convening.convening_request_due is not None

    # A parent left out needs a reason.
    response = client.post(
        f"/reviews/convening/{convening.pk}/invite",
        {"role": "parent", "name": "Dad", "invited": "no"},
    )
    assert "Enter the reason this parent is not invited" in response.content.decode()
    client.post(
        f"/reviews/convening/{convening.pk}/invite",
        {
            "role": "parent",
            "name": "Jo Stone",
            "organisation": "mother",
            "invited": "yes",
            **_date("invitation_sent_on", today),
            **_date("consultation_form_sent_on", today),
        },
    )
    mother = Invitee.objects.get(name="Jo Stone")
    assert mother.invitation_sent_on == today
    assert client.get(f"/reviews/convening/{convening.pk}/").status_code == 200

    # Record the review: attendance comes from the invitations.
    page = client.get(f"/children/{child.pk}/record-review")
    assert "Jo Stone (parent)" in page.content.decode()
    response = client.post(
        f"/children/{child.pk}/record-review",
        {
            **_date("held_on", today),
            "participation_code": "PN1",
            "attended": [str(mother.pk)],
            "advocate_offered": "on",
            "permanence_plan_agreed": "yes",
            "decisions": "Ruby stays with her foster carers.",
        },
    )
    review = Review.objects.get(child=child, status="held")
    assert response["Location"] == f"/reviews/{review.pk}/"
    assert review.number == 1 and review.in_timescale is True
    assert review.permanence_plan_agreed is True and review.advocate_offered is True
    assert review.minutes_distributed_due is not None
    convening.refresh_from_db()
    assert convening.status == "held" and convening.review_id == review.pk
    mother.refresh_from_db()
    assert mother.attended is True

    # Recommendations: owned by a user so they see it on their page.
    response = client.post(
        f"/reviews/{review.pk}/recommendations/new",
        {
            "action": "Book Ruby's dentist appointment",
            "owner_name": "Owen Price, social worker",
            "owner": str(setting["sw_user"].pk),
            **_date("due_date", today + timedelta(days=14)),
        },
    )
    assert response.status_code == 302
    client.post(f"/reviews/{review.pk}/recommendations/issued", _date("done_on", today))

    # The letter: a template by age band, a plain-language check, then finalised.
    page = client.get(f"/reviews/{review.pk}/letter").content.decode()
    assert "Dear Ruby" in page
    client.post(
        f"/reviews/{review.pk}/letter",
        {
            "letter": "Dear Ruby, your IRO and SW met. " * 3,
            "band": "8_12",
            **version_from(client, f"/reviews/{review.pk}/letter"),
        },
    )
    page = client.get(f"/reviews/{review.pk}/letter").content.decode()
    assert "Acronyms to replace" in page and "your social worker" in page
    check = client.post(f"/reviews/{review.pk}/letter/finalise", _date("done_on", today))
    assert "can no longer be changed" in check.content.decode()
    review.refresh_from_db()
    assert review.minutes_written_on is None
    client.post(
        f"/reviews/{review.pk}/letter/finalise", {**_date("done_on", today), "confirmed": "yes"}
    )
    client.post(f"/reviews/{review.pk}/distributed", _date("done_on", today))
    review.refresh_from_db()
    assert review.recommendations_issued_on == today
    assert review.minutes_written_on == today and review.minutes_distributed_on == today

    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "Done in time" in page
    assert "Book Ruby&#39;s dentist appointment" in page
    assert client.get(f"/reviews/{review.pk}/print").status_code == 200
    assert client.get("/reviews/mine/").status_code == 200
    for section in ("convene", "hold", "write", "distribute", "recommendations"):
        assert client.get(f"/reviews/mine/?section={section}").status_code == 200
    assert client.get("/my-children/").status_code == 200


def test_social_worker_completes_their_recommendation_but_cannot_edit_the_review(
    client: Any, setting: dict[str, Any]
) -> None:
    from iro.reviews.services import recommendation_add, review_record_held

    today, child, sw_user = setting["today"], setting["child"], setting["sw_user"]
    review = review_record_held(
        acting_user=None, child=child, held_on=today, participation_code="PN1"
    )
    mine = recommendation_add(
        acting_user=None,
        review=review,
        action="Arrange family time",
        owner_name="Social worker",
        due_date=today,
    )
    client.force_login(sw_user)

    page = client.get("/recommendations/mine/").content.decode()
    assert "Arrange family time" in page

    # Refused, and the refusal is on the audit trail.
    for url in (f"/reviews/{review.pk}/change", f"/reviews/{review.pk}/letter"):
        assert client.get(url).status_code == 403
        assert client.post(url, {"decisions": "changed"}).status_code == 403
    assert (
        AuditEntry.objects.filter(actor=sw_user, action="denied", object_type="review").count() == 4
    )
    review.refresh_from_db()
    assert review.decisions == ""

    response = client.post(
        f"/recommendations/{mine.pk}/done", {**_date("completed_on", today), "note": "Booked"}
    )
    assert response["Location"] == "/recommendations/mine/"
    mine.refresh_from_db()
    assert (mine.status, mine.completed_on, mine.completed_by) == ("done", today, sw_user)
    assert AuditEntry.objects.filter(
        actor=sw_user, object_type="recommendation", action="update"
    ).exists()


def test_social_worker_cannot_complete_someone_elses_recommendation(
    client: Any, setting: dict[str, Any], make_user: Any
) -> None:
    from iro.reviews.services import recommendation_add, review_record_held

    today, child = setting["today"], setting["child"]
    review = review_record_held(
        acting_user=None, child=child, held_on=today, participation_code="PN1"
    )
    recommendation = recommendation_add(
        acting_user=None, review=review, action="x", owner_name="Someone", due_date=today
    )
    stranger = make_user(Role.OPERATIONAL)
    client.force_login(stranger)
    response = client.post(
        f"/recommendations/{recommendation.pk}/done", _date("completed_on", today)
    )
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.OPEN
    assert AuditEntry.objects.filter(actor=stranger, action="denied").exists()


def test_review_form_refuses_pn0_for_a_ten_year_old_with_a_govuk_error(
    client: Any, setting: dict[str, Any]
) -> None:
    client.force_login(setting["iro"].user)
    response = client.post(
        f"/children/{setting['child'].pk}/record-review",
        {
            **_date("held_on", setting["today"]),
            "participation_code": "PN0",
            "permanence_plan_agreed": "unknown",
        },
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "PN0 is only for children under 4" in body
    assert not Review.objects.exists()


def test_adjourned_meeting_stays_in_history_and_the_review_moves(
    client: Any, setting: dict[str, Any]
) -> None:
    today, child = setting["today"], setting["child"]
    client.force_login(setting["iro"].user)
    client.post(
        f"/children/{child.pk}/convene",
        {**_date("proposed_date", today), "meeting_format": "in_person", "plan_kind": "care_plan"},
    )
    convening = Convening.objects.get(child=child)
    client.post(
        f"/reviews/convening/{convening.pk}/not-held",
        {
            **_date("meeting_date", today),
            "outcome": "adjourned",
            "reason": "Care plan not ready",
            **_date("new_date", today + timedelta(days=7)),
        },
    )
    meeting = Review.objects.get(child=child)
    assert (meeting.status, meeting.status_reason) == ("adjourned", "Care plan not ready")
    convening.refresh_from_db()
    assert convening.proposed_date == today + timedelta(days=7)
    assert convening.reschedules.get().from_date == today
    page = client.get(f"/reviews/convening/{convening.pk}/").content.decode()
    assert "Care plan not ready" in page
    child.refresh_from_db()
    assert child.current_period.reviews_held == 0


def test_business_support_queue_lists_each_section_in_constant_queries(
    client: Any, make_user: Any, make_child: Any, make_iro: Any
) -> None:
    from iro.reviews.services import convening_start

    today = timezone.localdate()
    iro = make_iro()
    client.force_login(make_user(Role.BUSINESS_SUPPORT))

    def counts() -> list[int]:
        result = []
        for section in ("arrange", "invitations", "requests", "distribute"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/reviews/convening/?section={section}").status_code == 200
            result.append(len(queries))
        return result

    def add(n: int) -> None:
        for _ in range(n):
            child = make_child(start_date=today - timedelta(days=20), iro=iro)
            if _ % 2:
                convening_start(
                    acting_user=None, child=child, proposed_date=today + timedelta(days=3)
                )

    add(3)
    few = counts()
    add(27)
    assert counts() == few


def test_my_recommendations_is_constant_in_queries(client: Any, setting: dict[str, Any]) -> None:
    from iro.reviews.services import recommendation_add, review_record_held

    today, child, sw_user = setting["today"], setting["child"], setting["sw_user"]
    review = review_record_held(
        acting_user=None, child=child, held_on=today, participation_code="PN1"
    )
    client.force_login(sw_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/recommendations/mine/")
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            recommendation_add(
                acting_user=None,
                review=review,
                action=f"a{i}",
                owner_name="x",
                due_date=today + timedelta(days=i),
                owner=sw_user,
            )

    add(3)
    few = count()
    add(27)
    assert count() == few


def test_child_page_panel_is_constant_in_queries(client: Any, setting: dict[str, Any]) -> None:
    from iro.reviews.services import recommendation_add, review_record_held

    today, child = setting["today"], setting["child"]
    review = review_record_held(
        acting_user=None, child=child, held_on=today, participation_code="PN1"
    )
    client.force_login(setting["iro"].user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/children/{child.pk}/")
        assert "Open recommendations" in page.content.decode()
        return len(queries)

    recommendation_add(acting_user=None, review=review, action="a", owner_name="x", due_date=today)
    few = count()
    for i in range(10):
        recommendation_add(
            acting_user=None, review=review, action=f"b{i}", owner_name="x", due_date=today
        )
    assert count() == few


def test_restricted_child_is_left_out_of_the_queue_unless_named(
    client: Any, make_user: Any, make_child: Any, make_iro: Any
) -> None:
    from iro.reviews.services import convening_start

    today = timezone.localdate()
    iro = make_iro()
    support = make_user(Role.BUSINESS_SUPPORT)
    child = make_child(first_name="Hidden", start_date=today - timedelta(days=20), iro=iro)
    convening_start(acting_user=None, child=child, proposed_date=today + timedelta(days=3))
    child.restricted = True
    child.save()
    client.force_login(support)
    assert "Hidden" not in client.get("/reviews/convening/?section=invitations").content.decode()
    child.restricted_to.add(support)
    assert "Hidden" in client.get("/reviews/convening/?section=invitations").content.decode()


def test_my_reviews_sections_are_constant_in_queries(
    client: Any, make_iro: Any, make_child: Any
) -> None:
    from iro.reviews.services import convening_start, recommendation_add, review_record_held

    today = timezone.localdate()
    iro = make_iro()
    client.force_login(iro.user)
    sections = ("convene", "hold", "write", "distribute", "recommendations")

    def add(n: int) -> None:
        for _ in range(n):
            due_soon = make_child(start_date=today - timedelta(days=20), iro=iro)
            convening_start(acting_user=None, child=due_soon, proposed_date=today)
            make_child(start_date=today - timedelta(days=20), iro=iro)
            held = make_child(start_date=today - timedelta(days=60), iro=iro)
            review = review_record_held(
                acting_user=None,
                child=held,
                held_on=today - timedelta(days=30),
                participation_code="PN1",
            )
            recommendation_add(
                acting_user=None,
                review=review,
                action="x",
                owner_name="y",
                due_date=today - timedelta(days=1),
            )

    def counts() -> list[int]:
        result = []
        for section in sections:
            with CaptureQueriesContext(connection) as queries:
                page = client.get(f"/reviews/mine/?section={section}")
            assert page.status_code == 200
            result.append(len(queries))
        return result

    add(2)
    few = counts()
    add(8)
    assert counts() == few
    assert (
        "Hold and record the review" in client.get("/reviews/mine/?section=hold").content.decode()
    )


def test_empty_invitation_shows_design_system_messages_and_saves_nothing(
    client: Any, setting: dict[str, Any]
) -> None:
    from iro.reviews.services import convening_start

    convening = convening_start(
        acting_user=None, child=setting["child"], proposed_date=setting["today"]
    )
    client.force_login(setting["iro"].user)
    body = client.post(
        f"/reviews/convening/{convening.pk}/invite", {"organisation": ""}
    ).content.decode()
    assert "There is a problem" in body
    for message in ("Select who they are", "Enter their name", "Select whether they are invited"):
        assert message in body
    assert convening.invitees.count() == 2


def test_business_support_arranges_but_cannot_record_the_review(
    client: Any, setting: dict[str, Any], make_user: Any
) -> None:
    support = make_user(Role.BUSINESS_SUPPORT)
    client.force_login(support)
    child = setting["child"]
    response = client.post(
        f"/children/{child.pk}/convene",
        {
            **_date("proposed_date", setting["today"]),
            "meeting_format": "in_person",
            "plan_kind": "care_plan",
        },
    )
    assert response.status_code == 302
    assert client.get(f"/children/{child.pk}/record-review").status_code == 403
    assert AuditEntry.objects.filter(actor=support, action="denied", object_type="child").exists()
    assert not Review.objects.exists()
