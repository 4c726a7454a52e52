from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from iro.accounts.roles import Role
from iro.voice import services
from iro.voice.models import (
    AdvocacyReferral,
    Complaint,
    Compliment,
    Consultation,
    FeedbackRequest,
    FeedbackResponse,
    IndependentVisitorRecord,
)
from tests.clock import TODAY
from tests.editing import version_from

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture
def child(make_iro: Any, make_child: Any) -> Any:
    iro = make_iro("Priya Shah")
    return make_child(
        first_name="Ruby",
        last_name="Stone",
        la_child_id="Z9876",
        date_of_birth=date(2012, 3, 14),
        start_date=TODAY - timedelta(days=400),
        iro=iro,
    )


def test_iro_records_a_consultation_for_the_next_review_from_the_child_page(
    client_for: Any, child: Any
) -> None:
    client = client_for(child.iro.user)
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "The child&#39;s voice" in page or "The child's voice" in page
    assert f"/children/{child.pk}/consultations/new" in page
    form = client.get(f"/children/{child.pk}/consultations/new")
    assert form.status_code == 200
    response = client.post(
        f"/children/{child.pk}/consultations/new",
        {"review": "next", "method": "in_person", **_date("consulted_on", TODAY)},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert (consultation.child, consultation.review, consultation.method) == (
        child,
        None,
        "in_person",
    )
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Met in person" in page and "Next review (not yet recorded)" in page


def test_consultation_form_errors_follow_the_design_system(client_for: Any, child: Any) -> None:
    client = client_for(child.iro.user)
    response = client.post(
        f"/children/{child.pk}/consultations/new",
        {
            "review": "next",
            "method": "not_possible",
            "consulted_on_day": "31",
            "consulted_on_month": "2",
            "consulted_on_year": "2025",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Date of the consultation must be a real date" in body
    response = client.post(
        f"/children/{child.pk}/consultations/new",
        {"review": "next", "method": "not_possible", **_date("consulted_on", TODAY)},
    )
    assert "Enter why it was not possible to consult the child" in response.content.decode()
    response = client.post(f"/children/{child.pk}/consultations/new", {"review": "next"})
    assert "Select how the child was consulted" in response.content.decode()
    assert not Consultation.objects.exists()


def test_consultation_recorded_from_the_review_is_linked_to_it(
    client_for: Any, child: Any, make_review: Any
) -> None:
    review = make_review(child, TODAY - timedelta(days=3))
    client = client_for(child.iro.user)
    url = f"/children/{child.pk}/consultations/new?review={review.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "review": str(review.pk),
            "method": "declined",
            **_date("consulted_on", TODAY - timedelta(days=10)),
        },
    )
    assert response.status_code == 302
    assert Consultation.objects.get().review == review


@pytest.mark.parametrize("role", [Role.OPERATIONAL, Role.BUSINESS_SUPPORT, Role.AUDITOR])
def test_only_iros_and_managers_record_consultations(
    client_for: Any, child: Any, role: Role
) -> None:
    client = client_for(role)
    assert client.get(f"/children/{child.pk}/consultations/new").status_code == 403
    assert client.get(f"/children/{child.pk}/advocacy/new").status_code == 403


def test_social_worker_does_not_see_the_voice_panel(client_for: Any, child: Any) -> None:
    page = client_for(Role.OPERATIONAL).get(f"/children/{child.pk}/").content.decode()
    assert "Consultations before reviews" not in page


def test_advocacy_referral_is_made_then_accepted(client_for: Any, child: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    referred = TODAY - timedelta(days=20)
    response = client.post(
        f"/children/{child.pk}/advocacy/new",
        {"referred_by": "iro", **_date("referred_on", referred)},
    )
    assert response.status_code == 302
    referral = AdvocacyReferral.objects.get()
    assert referral.status == "waiting"
    waiting = client.get("/voice/referrals/").content.decode()
    assert "Ruby Stone" in waiting and ">20<" in waiting.replace(" ", "")
    response = client.post(
        f"/advocacy/{referral.pk}/",
        {
            **version_from(client, f"/advocacy/{referral.pk}/"),
            "referred_by": "iro",
            **_date("referred_on", referred),
            **_date("accepted_on", referred - timedelta(days=1)),
        },
    )
    assert "Date accepted must be the same as or after the date of referral" in (
        response.content.decode()
    )
    response = client.post(
        f"/advocacy/{referral.pk}/",
        {
            **version_from(client, f"/advocacy/{referral.pk}/"),
            "referred_by": "iro",
            "issue": "Wants to see her brother",
            **_date("referred_on", referred),
            **_date("accepted_on", TODAY),
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.issue) == ("supported", "Wants to see her brother")


def test_independent_visitor_discussed_wanted_and_referred(client_for: Any, child: Any) -> None:
    client = client_for(child.iro.user)
    response = client.post(
        f"/children/{child.pk}/independent-visitor/new",
        {
            "wanted": "yes",
            **_date("discussed_on", TODAY - timedelta(days=5)),
            **_date("referred_on", TODAY),
        },
    )
    assert response.status_code == 302
    record = IndependentVisitorRecord.objects.get()
    assert (record.wanted, record.status) == (True, "waiting")
    assert client.get(f"/independent-visitors/{record.pk}/").status_code == 200


def test_referrals_page_takes_the_same_queries_for_3_and_30_rows(
    client_for: Any, make_child: Any
) -> None:
    client = client_for(Role.IRO_MANAGER)
    children = [make_child(start_date=TODAY - timedelta(days=100)) for _ in range(3)]

    def add(n: int) -> None:
        for i in range(n):
            c = children[i % 3]
            AdvocacyReferral.objects.create(
                child=c, referred_on=TODAY - timedelta(days=i), referred_by="iro"
            )
            IndependentVisitorRecord.objects.create(
                child=c,
                discussed_on=TODAY - timedelta(days=i + 1),
                wanted=True,
                referred_on=TODAY - timedelta(days=i),
            )

    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/voice/referrals/").status_code == 200
    add(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/voice/referrals/").status_code == 200
    assert len(few) == len(many) <= 14


# --- feedback ---


def _make_link(client: Any, review: Any, respondent_type: str = "child") -> str:
    response = client.post(
        f"/reviews/{review.pk}/feedback/new", {"respondent_type": respondent_type}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    match = re.search(r"https?://[^\s<\"]+/feedback/([A-Za-z0-9_-]{43})", page)
    assert match, page
    # Shown once: the next visit does not show it.
    again = client.get(response["Location"]).content.decode()
    assert match.group(1) not in again
    return match.group(1)


def test_feedback_link_is_shown_once_and_takes_one_response(
    client_for: Any, child: Any, make_review: Any
) -> None:
    review = make_review(child, TODAY - timedelta(days=2))
    token = _make_link(client_for(child.iro.user), review)
    public = Client()
    form = public.get(f"/feedback/{token}")
    body = form.content.decode()
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    assert "How was your review?" in body
    for secret in ("Ruby", "Stone", "Z9876", "Priya", "Shah", str(review.held_on.year) + "-"):
        assert secret not in body, secret
    response = public.post(
        f"/feedback/{token}",
        {"rating": "5", "went_well": "I was listened to", "consent_to_quote": "yes"},
    )
    assert response.status_code == 302 and response["Location"] == "/feedback/thank-you"
    assert public.get("/feedback/thank-you").status_code == 200
    saved = FeedbackResponse.objects.get()
    assert (saved.rating, saved.consent_to_quote, saved.anonymous) == (5, True, True)
    again = public.get(f"/feedback/{token}")
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    second = public.post(f"/feedback/{token}", {"rating": "1", "consent_to_quote": "no"})
    assert second.status_code == 410
    assert FeedbackResponse.objects.count() == 1


def test_unknown_feedback_link_is_a_plain_404(client: Any, child: Any, make_review: Any) -> None:
    response = client.get("/feedback/not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxxxx")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_public_feedback_form_checks_csrf_and_input_lengths(child: Any, make_review: Any) -> None:
    review = make_review(child, TODAY - timedelta(days=2))
    _request, token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="parent"
    )
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/feedback/{token}", {"rating": "4"}).status_code == 403
    public = Client()
    response = public.post(
        f"/feedback/{token}",
        {"rating": "4", "went_well": "x" * 1001, "consent_to_quote": "no"},
    )
    assert response.status_code == 200
    assert "Your answer must be 1,000 characters or less" in response.content.decode()
    response = public.post(f"/feedback/{token}", {"consent_to_quote": "no"})
    assert "Select an answer" in response.content.decode()
    assert not FeedbackResponse.objects.exists()
    assert FeedbackRequest.objects.get().used_at is None


def test_business_support_types_in_a_paper_response_named(
    client_for: Any, child: Any, make_review: Any
) -> None:
    review = make_review(child, TODAY - timedelta(days=10))
    request, _token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="carer"
    )
    client = client_for(Role.BUSINESS_SUPPORT)
    response = client.post(
        f"/feedback-requests/{request.pk}/paper",
        {
            "rating": "4",
            "consent_to_quote": "no",
            "respondent_name": "Jo Carer",
            **_date("received_on", TODAY),
        },
    )
    assert response.status_code == 302
    saved = FeedbackResponse.objects.get()
    assert (saved.source, saved.respondent_name, saved.anonymous) == ("paper", "Jo Carer", False)


@pytest.mark.parametrize("role", [Role.OPERATIONAL, Role.AUDITOR, Role.HEAD_OF_SERVICE])
def test_feedback_links_are_made_by_iros_and_business_support_only(
    client_for: Any, child: Any, make_review: Any, role: Role
) -> None:
    review = make_review(child, TODAY - timedelta(days=2))
    assert client_for(role).get(f"/reviews/{review.pk}/feedback/new").status_code == 403


# --- compliments, complaints and the summary ---


def test_business_support_records_a_complaint_and_its_stages(
    client_for: Any, make_iro: Any
) -> None:
    iro = make_iro("Daniel Okafor")
    client = client_for(Role.BUSINESS_SUPPORT)
    received = date(2025, 12, 1)
    response = client.post(
        "/complaints/new",
        {
            "from_type": "parent",
            "summary": "Not invited",
            "about_iro": str(iro.pk),
            **_date("received_on", received),
        },
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.current_due_on == date(2025, 12, 15)
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "15 December 2025" in page and "Overdue" in page
    response = client.post(f"/complaints/{complaint.pk}/respond", {})
    assert "Select the outcome" in response.content.decode()
    client.post(
        f"/complaints/{complaint.pk}/respond",
        {"outcome": "not_upheld", **_date("responded_on", date(2025, 12, 12))},
    )
    client.post(f"/complaints/{complaint.pk}/next-stage", _date("started_on", date(2026, 1, 5)))
    complaint.refresh_from_db()
    assert complaint.current_stage == 2
    listing = client.get("/compliments-and-complaints/").content.decode()
    assert "Stage 2" in listing


def test_compliment_recorded_and_listed(client_for: Any) -> None:
    client = client_for(Role.IRO_MANAGER)
    response = client.post(
        "/compliments/new",
        {
            "from_type": "carer",
            "summary": "Lovely letter to the child",
            "consent_to_quote": "yes",
            **_date("received_on", TODAY),
        },
    )
    assert response.status_code == 302
    assert Compliment.objects.count() == 1
    assert Compliment.objects.get().consent_to_quote is True
    assert "Lovely letter" in client.get("/compliments-and-complaints/").content.decode()
    response = client.post("/compliments/new", {"summary": "x" * 2001})
    body = response.content.decode()
    assert "Select who it is from" in body
    assert "Summary must be 2,000 characters or less" in body
    assert "Select yes if they agreed to be quoted" in body


@pytest.mark.parametrize("role", [Role.IRO, Role.OPERATIONAL, Role.AUDITOR])
def test_complaints_are_not_open_to_other_roles(client_for: Any, role: Role) -> None:
    assert client_for(role).get("/compliments-and-complaints/").status_code == 403


def test_summary_shows_the_years_figures_and_only_consented_quotes(
    client_for: Any, child: Any, make_review: Any
) -> None:
    review = make_review(child, TODAY - timedelta(days=2))
    for text, consent in (("Quote me please", True), ("Keep this private", False)):
        request, _t = services.feedback_request_create(
            acting_user=None, review=review, respondent_type="child"
        )
        services.feedback_response_record(
            acting_user=None, request=request, rating=4, went_well=text, consent_to_quote=consent
        )
    client = client_for(Role.HEAD_OF_SERVICE)
    page = client.get("/voice/summary/").content.decode()
    assert "Quote me please" in page
    assert "Keep this private" not in page
    assert "Child or young person" in page
    assert client_for(Role.IRO).get("/voice/summary/").status_code == 403


def test_review_panel_shows_consultation_link_and_feedback_by_role(
    rf: Any, child: Any, make_review: Any, make_user: Any
) -> None:
    from django.template.loader import render_to_string

    from iro.voice.panels import review_panel

    services.consultation_record(
        acting_user=None, child=child, consulted_on=TODAY - timedelta(days=9), method="phone"
    )
    review = make_review(child, TODAY - timedelta(days=2))
    request = rf.get("/")
    request.user = child.iro.user
    panel = review_panel(request, review)
    assert panel is not None
    html = render_to_string("voice/_review_panel.html", {"panel": panel}, request=request)
    assert "Link it to this review" in html
    assert "Ask for feedback" in html
    request.user = make_user(Role.OPERATIONAL)
    assert review_panel(request, review) is None
    request.user = make_user(Role.BUSINESS_SUPPORT)
    panel = review_panel(request, review)
    assert panel is not None
    html = render_to_string("voice/_review_panel.html", {"panel": panel}, request=request)
    assert "Consultation before the review" not in html and "Ask for feedback" in html


def test_linking_an_earlier_consultation_from_the_review(
    client_for: Any, child: Any, make_review: Any
) -> None:
    services.consultation_record(
        acting_user=None, child=child, consulted_on=TODAY - timedelta(days=9), method="phone"
    )
    review = make_review(child, TODAY - timedelta(days=2))
    response = client_for(child.iro.user).post(f"/reviews/{review.pk}/consultation/link")
    assert response.status_code == 302
    assert Consultation.objects.get().review == review


def test_feedback_list_filters_by_who_answered_in_constant_queries(
    client_for: Any, child: Any, make_review: Any
) -> None:
    review = make_review(child, TODAY - timedelta(days=2))

    def answer(n: int, respondent_type: str) -> None:
        for _ in range(n):
            request, _t = services.feedback_request_create(
                acting_user=None, review=review, respondent_type=respondent_type
            )
            services.feedback_response_record(
                acting_user=None, request=request, rating=3, went_well=f"From a {respondent_type}"
            )

    client = client_for(Role.IRO_MANAGER)
    answer(2, "carer")
    answer(1, "parent")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/voice/feedback/?who=carer").content.decode()
    assert "From a carer" in page and "From a parent" not in page
    assert "Ruby Stone" in page
    answer(27, "carer")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/voice/feedback/?who=carer").status_code == 200
    assert len(few) == len(many) <= 16
    assert client_for(Role.IRO).get("/voice/feedback/").status_code == 403


def test_my_children_lists_children_to_consult_before_their_review(
    client_for: Any, make_iro: Any, make_child: Any
) -> None:
    iro = make_iro("Priya Shah")
    due_soon = make_child(first_name="Soon", start_date=TODAY - timedelta(days=10), iro=iro)
    make_child(
        first_name="Baby",
        date_of_birth=TODAY - timedelta(days=400),
        start_date=TODAY - timedelta(days=10),
        iro=iro,
    )
    client = client_for(iro.user)
    page = client.get("/my-children/").content.decode()
    assert "Consultations before reviews" in page
    assert f"Record a consultation with {due_soon.display_name}" in page
    assert "Record a consultation with Baby" not in page  # under 4: none expected
    services.consultation_record(
        acting_user=iro.user, child=due_soon, consulted_on=TODAY, method="phone"
    )
    page = client.get("/my-children/").content.decode()
    assert f"Record a consultation with {due_soon.display_name}" not in page


def test_printable_feedback_form_shows_nothing_about_the_child_or_the_iro(
    client_for: Any, child: Any, make_review: Any
) -> None:
    review = make_review(child, TODAY - timedelta(days=2))
    request, _token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="parent"
    )
    client = client_for(child.iro.user)
    page = client.get(f"/feedback-requests/{request.pk}/print").content.decode()
    assert request.reference in page
    assert "Overall, how good was the review meeting?" in page
    for secret in ("Ruby", "Stone", "Z9876", "Priya", "Shah", child.iro.user.username):
        assert secret not in page, secret


def test_lists_show_a_restricted_childs_id_but_not_their_name(
    client_for: Any, child: Any, make_review: Any, make_user: Any
) -> None:
    named = make_user(Role.IRO_MANAGER)
    child.restricted = True
    child.save()
    child.restricted_to.add(named)
    AdvocacyReferral.objects.create(child=child, referred_on=TODAY, referred_by="iro")
    review = make_review(child, TODAY - timedelta(days=2))
    request, _t = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="carer"
    )
    services.feedback_response_record(acting_user=None, request=request, rating=4)
    other = client_for(Role.IRO_MANAGER)
    for url in ("/voice/referrals/", "/voice/feedback/"):
        page = other.get(url).content.decode()
        assert "Restricted record Z9876" in page and "Ruby Stone" not in page, url
    client_for(named)
    for url in ("/voice/referrals/", "/voice/feedback/"):
        assert "Ruby Stone" in other.get(url).content.decode(), url


def test_iro_corrects_a_consultation(client_for: Any, child: Any, make_review: Any) -> None:
    review = make_review(child, TODAY - timedelta(days=2))
    consultation = services.consultation_record(
        acting_user=None,
        child=child,
        review=review,
        consulted_on=TODAY - timedelta(days=9),
        method="not_possible",
        reason_not_possible="Away on holiday",
    )
    client = client_for(child.iro.user)
    assert client.get(f"/consultations/{consultation.pk}/").status_code == 200
    version = version_from(client, f"/consultations/{consultation.pk}/")
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {"method": "phone", **_date("consulted_on", TODAY - timedelta(days=1)), **version},
    )
    assert "Date of the consultation must be on or before the review" in response.content.decode()
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {"method": "phone", **_date("consulted_on", TODAY - timedelta(days=8)), **version},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.method, consultation.reason_not_possible, consultation.review) == (
        "phone",
        "",
        review,
    )
    assert client_for(Role.OPERATIONAL).get(f"/consultations/{consultation.pk}/").status_code == 403


def test_independent_visitor_not_sure_yet_can_be_saved(client_for: Any, child: Any) -> None:
    client = client_for(child.iro.user)
    response = client.post(
        f"/children/{child.pk}/independent-visitor/new",
        {"wanted": "unsure", **_date("discussed_on", TODAY - timedelta(days=5))},
    )
    assert response.status_code == 302, response.content.decode()
    record = IndependentVisitorRecord.objects.get()
    assert record.wanted is None
