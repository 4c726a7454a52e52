"""Writes follow allocation: the role-by-URL matrix (test_access.py) says which roles may use a
page; this adds the owner / colleague / outsider dimension for every page that changes a child's
records or moves a dispute. Each write URL is opened (GET, and POST with an empty form) by the
owner, a covering IRO and a manager (allowed), and by a colleague and an outsider (403, audited).
A new write URL fails `test_every_write_url_has_an_ownership_case` until it is added here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from iro.accounts.access import declared_access, user_can
from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import SocialWorker, Team
from iro.children.services import iro_cover_arrange
from iro.disputes import services as disputes
from iro.disputes.models import Category, DisputeStage
from iro.reviews import services as reviews
from iro.voice import services as voice

from .test_access import PRODUCT_URLS, _declared_actions

pytestmark = pytest.mark.django_db

# Actions whose pages change a child's records or a dispute: each of their URLs needs a case.
WRITE_ACTIONS = {
    "reviews.convene",
    "reviews.record",
    "reviews.letter",
    "reviews.distribute",
    "recommendations.complete",
    "oversight.record",
    "voice.record",
    "feedback.request",
    "disputes.respond",
    "disputes.escalate",
    "disputes.withdraw",
}
# Write pages of those actions not bound to one child's allocation, and why.
NOT_ALLOCATION_BOUND = {
    # Shows a new feedback link once to whoever made it (the link is in their session).
    "feedback-requests/<int:pk>/",
    # The paper form: only questions and a reference, nothing about the child.
    "feedback-requests/<int:pk>/print",
    # The IRO's own follow-up list: only the disputes they raised.
    "disputes/follow-ups",
}


@dataclass
class World:
    owner: Any  # the child's allocated IRO, who raised the dispute
    colleague: Any  # another IRO
    covering: Any  # an IRO covering the owner today
    outsider: Any  # an IRO whose cover of the owner ended yesterday
    manager: Any
    responder: Any  # the social worker the dispute is raised with
    team_manager: Any  # manages the responder's team
    delegate: Any  # the responder handed the response to them
    other_ops: Any  # another social worker
    head: Any  # a head of service not named on the dispute
    objects: dict[str, int]


@pytest.fixture
def world(make_iro: Any, make_child: Any, make_user: Any) -> World:
    today = timezone.localdate()
    owner, colleague, covering, outsider = (
        make_iro(name) for name in ("Priya Shah", "Colin Mate", "Cora Cover", "Olly Out")
    )
    manager = make_user(Role.IRO_MANAGER)
    team_manager = make_user(Role.OPERATIONAL, first_name="Tina", last_name="Manager")
    responder = make_user(Role.OPERATIONAL, first_name="Sam", last_name="Worker")
    team = Team.objects.create(name="Children in care", manager=team_manager)
    social_worker = SocialWorker.objects.create(name="Sam Worker", team=team, user=responder)
    child = make_child(
        first_name="Ruby",
        start_date=today - timedelta(days=200),
        date_of_birth=today.replace(year=today.year - 10),
        iro=owner,
        team=team,
    )
    child.social_worker = social_worker
    child.save()
    iro_cover_arrange(
        acting_user=manager,
        absent_iro=owner,
        covering_iro=covering,
        start_date=today - timedelta(days=2),
        end_date=today + timedelta(days=5),
        reason="Annual leave",
    )
    iro_cover_arrange(
        acting_user=manager,
        absent_iro=owner,
        covering_iro=outsider,
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=1),
        reason="Sickness",
    )
    review = reviews.review_record_held(
        acting_user=None, child=child, held_on=today - timedelta(days=100), participation_code="PN1"
    )
    recommendation = reviews.recommendation_add(
        acting_user=None,
        review=review,
        action="Arrange contact",
        owner_name="Sam Worker",
        due_date=today + timedelta(days=10),
    )
    convening = reviews.convening_start(
        acting_user=None, child=child, proposed_date=today + timedelta(days=10)
    )
    invitee = convening.invitees.first()
    consultation = voice.consultation_record(
        acting_user=None, child=child, consulted_on=today - timedelta(days=3), method="in_person"
    )
    advocacy = voice.advocacy_referral_record(
        acting_user=None, child=child, referred_on=today - timedelta(days=3), referred_by="iro"
    )
    visitor = voice.independent_visitor_record(
        acting_user=None, child=child, discussed_on=today - timedelta(days=3), wanted=True
    )
    feedback, _token = voice.feedback_request_create(
        acting_user=None, review=review, respondent_type="carer"
    )
    dispute = disputes.dispute_raise(
        acting_user=owner.user,
        iro=owner,
        child=child,
        category=Category.DRIFT_DELAY,
        summary="Permanence plan has drifted",
        outcome_sought="A permanence planning meeting",
        raised_on=today,
        stage=DisputeStage.objects.get(key="stage_1"),
        responder=responder,
    )
    delegate = make_user(Role.OPERATIONAL, first_name="Dee", last_name="Legate")
    disputes.dispute_delegate(
        acting_user=responder, dispute=dispute, delegate=delegate, delegated_on=today
    )
    event = dispute.events.get(kind="raised")
    assert invitee is not None
    return World(
        owner=owner.user,
        colleague=colleague.user,
        covering=covering.user,
        outsider=outsider.user,
        manager=manager,
        responder=responder,
        team_manager=team_manager,
        delegate=delegate,
        other_ops=make_user(Role.OPERATIONAL),
        head=make_user(Role.HEAD_OF_SERVICE),
        objects={
            "child": child.pk,
            "review": review.pk,
            "recommendation": recommendation.pk,
            "convening": convening.pk,
            "invitee": invitee.pk,
            "consultation": consultation.pk,
            "advocacy": advocacy.pk,
            "visitor": visitor.pk,
            "feedback": feedback.pk,
            "dispute": dispute.pk,
            "event": event.pk,
        },
    )


# Who may (and may not) use each kind of write, by their relation to the record.
CHILD_RECORDS = {
    "allowed": ("owner", "covering", "manager"),
    "refused": ("colleague", "outsider"),
}
STEER = {"allowed": ("owner", "covering", "manager"), "refused": ("colleague", "outsider")}
RESPOND = {
    "allowed": ("responder", "team_manager", "delegate"),
    "refused": ("other_ops", "head"),
}
DELEGATE = {"allowed": ("responder", "team_manager"), "refused": ("delegate", "other_ops", "head")}
WITHDRAW = {"allowed": ("owner", "manager"), "refused": ("colleague", "covering", "outsider")}
# Recommendations: whoever may change the child's records, or the person it is for.
COMPLETE = {"allowed": ("owner", "covering", "manager", "responder"), "refused": ("colleague",)}

# route -> (how to fill its arguments from the world, who may use it)
CASES: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "children/<int:child_pk>/convene": ("/children/{child}/convene", CHILD_RECORDS),
    "children/<int:child_pk>/record-review": ("/children/{child}/record-review", CHILD_RECORDS),
    "reviews/convening/<int:pk>/change": ("/reviews/convening/{convening}/change", CHILD_RECORDS),
    "reviews/convening/<int:pk>/reschedule": (
        "/reviews/convening/{convening}/reschedule",
        CHILD_RECORDS,
    ),
    "reviews/convening/<int:pk>/not-held": (
        "/reviews/convening/{convening}/not-held",
        CHILD_RECORDS,
    ),
    "reviews/convening/<int:pk>/invite": ("/reviews/convening/{convening}/invite", CHILD_RECORDS),
    "reviews/invitees/<int:pk>/change": ("/reviews/invitees/{invitee}/change", CHILD_RECORDS),
    "reviews/<int:pk>/change": ("/reviews/{review}/change", CHILD_RECORDS),
    "reviews/<int:pk>/letter": ("/reviews/{review}/letter", CHILD_RECORDS),
    "reviews/<int:pk>/letter/finalise": ("/reviews/{review}/letter/finalise", CHILD_RECORDS),
    "reviews/<int:pk>/distributed": ("/reviews/{review}/distributed", CHILD_RECORDS),
    "reviews/<int:pk>/recommendations/issued": (
        "/reviews/{review}/recommendations/issued",
        CHILD_RECORDS,
    ),
    "reviews/<int:pk>/recommendations/new": (
        "/reviews/{review}/recommendations/new",
        CHILD_RECORDS,
    ),
    "recommendations/<int:pk>/change": (
        "/recommendations/{recommendation}/change",
        CHILD_RECORDS,
    ),
    "recommendations/<int:pk>/done": ("/recommendations/{recommendation}/done", COMPLETE),
    "children/<int:pk>/oversight/new": ("/children/{child}/oversight/new", CHILD_RECORDS),
    "children/<int:pk>/midpoint-review/new": (
        "/children/{child}/midpoint-review/new",
        CHILD_RECORDS,
    ),
    "children/<int:child_pk>/consultations/new": (
        "/children/{child}/consultations/new",
        CHILD_RECORDS,
    ),
    "consultations/<int:pk>/": ("/consultations/{consultation}/", CHILD_RECORDS),
    "reviews/<int:review_pk>/consultation/link": (
        "/reviews/{review}/consultation/link",
        CHILD_RECORDS,
    ),
    "children/<int:child_pk>/advocacy/new": ("/children/{child}/advocacy/new", CHILD_RECORDS),
    "advocacy/<int:pk>/": ("/advocacy/{advocacy}/", CHILD_RECORDS),
    "children/<int:child_pk>/independent-visitor/new": (
        "/children/{child}/independent-visitor/new",
        CHILD_RECORDS,
    ),
    "independent-visitors/<int:pk>/": ("/independent-visitors/{visitor}/", CHILD_RECORDS),
    "reviews/<int:review_pk>/feedback/new": ("/reviews/{review}/feedback/new", CHILD_RECORDS),
    "feedback-requests/<int:pk>/paper": ("/feedback-requests/{feedback}/paper", CHILD_RECORDS),
    "disputes/<int:pk>/respond": ("/disputes/{dispute}/respond", RESPOND),
    "disputes/<int:pk>/delegate": ("/disputes/{dispute}/delegate", DELEGATE),
    "disputes/<int:pk>/escalate": ("/disputes/{dispute}/escalate", STEER),
    "disputes/<int:pk>/resolve": ("/disputes/{dispute}/resolve", STEER),
    "disputes/<int:pk>/withdraw": ("/disputes/{dispute}/withdraw", WITHDRAW),
    "disputes/<int:pk>/meeting": ("/disputes/{dispute}/meeting", STEER),
    "disputes/<int:pk>/note": ("/disputes/{dispute}/note", STEER),
    "disputes/<int:pk>/follow-up": ("/disputes/{dispute}/follow-up", STEER),
    "disputes/<int:pk>/events/<int:event_pk>/correct": (
        "/disputes/{dispute}/events/{event}/correct",
        STEER,
    ),
    "disputes/cafcass-referral": ("/disputes/cafcass-referral?dispute={dispute}", STEER),
}


def _write_routes() -> set[str]:
    routes = set()
    for route, view, _pattern in PRODUCT_URLS:
        if declared_access(view) and _declared_actions(view) & WRITE_ACTIONS:
            routes.add(route)
    return routes


def test_every_write_url_has_an_ownership_case() -> None:
    missing = _write_routes() - set(CASES) - NOT_ALLOCATION_BOUND
    assert missing == set(), f"add an owner / colleague / outsider case for {sorted(missing)}"
    assert set(CASES) <= _write_routes() | {"disputes/cafcass-referral"}


def _who(world: World, name: str) -> Any:
    return getattr(world, name)


@pytest.mark.parametrize("route", sorted(CASES))
def test_owner_colleague_and_outsider_for_every_write(
    route: str, world: World, client: Any
) -> None:
    template, rule = CASES[route]
    url = template.format(**world.objects)
    view = next(v for r, v, _p in PRODUCT_URLS if r == route)
    actions = _declared_actions(view)
    problems = []
    for name in rule["allowed"]:
        user = _who(world, name)
        if not any(user_can(user, action) for action in actions):
            continue  # the matrix refuses this role the page (test_access.py proves it)
        client.force_login(user)
        for method in ("get", "post"):
            status = getattr(client, method)(url, {}).status_code
            if status == 403 or (method == "get" and status >= 400 and status != 405):
                problems.append(f"{name} {method.upper()}: expected allowed, got {status}")
    for name in rule["refused"]:
        user = _who(world, name)
        client.force_login(user)
        for method in ("get", "post"):
            before = AuditEntry.objects.filter(actor=user, action="denied").count()
            response = getattr(client, method)(url, {})
            if response.status_code == 405:
                continue
            if response.status_code != 403:
                problems.append(
                    f"{name} {method.upper()}: expected 403, got {response.status_code}"
                )
            elif AuditEntry.objects.filter(actor=user, action="denied").count() != before + 1:
                problems.append(f"{name} {method.upper()}: the refusal was not audited")
    assert problems == [], f"{route}: " + "; ".join(problems)


def test_the_refusal_says_why_and_names_no_one(world: World, client: Any) -> None:
    client.force_login(world.colleague)
    response = client.get(f"/reviews/{world.objects['review']}/change")
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot change this record" in body
    assert "an IRO covering for them or an IRO manager" in body
    entry = AuditEntry.objects.filter(actor=world.colleague, action="denied").latest("id")
    assert entry.child_id == world.objects["child"]


def test_services_refuse_a_colleague_too(world: World) -> None:
    """A view that forgot its check is still covered: the service refuses and writes nothing."""
    from iro.accounts.access import ObjectDenied
    from iro.reviews.models import Review

    review = Review.objects.get(pk=world.objects["review"])
    with pytest.raises(ObjectDenied):
        reviews.review_letter_save(
            acting_user=world.colleague, review=review, letter="Dear Ruby", band="8-11"
        )
    review.refresh_from_db()
    assert review.letter == ""
    from iro.disputes.models import Dispute

    dispute = Dispute.objects.get(pk=world.objects["dispute"])
    with pytest.raises(ObjectDenied):
        disputes.dispute_resolve(
            acting_user=world.colleague,
            dispute=dispute,
            resolved_on=date.today(),
            outcome="x",
            outcome_code="care_plan_changed",
            follow_up_on=date(2027, 1, 4),
        )
    with pytest.raises(ObjectDenied):
        disputes.dispute_respond(
            acting_user=world.other_ops, dispute=dispute, response="x", responded_on=date.today()
        )
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.responded_on is None
