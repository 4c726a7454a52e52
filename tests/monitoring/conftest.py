"""Helpers to give a child the history the drift rules read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from iro.children.models import Child, Episode, SocialWorker, SocialWorkerEpisode
from iro.core import facts
from iro.reviews.models import Recommendation, Review
from iro.reviews.services import review_record_held


@pytest.fixture
def held_review(db: Any) -> Callable[..., Review]:
    def make(child: Child, held_on: date, **fields: Any) -> Review:
        review = review_record_held(
            acting_user=None, child=child, held_on=held_on, participation_code="PN1"
        )
        if fields:
            Review.objects.filter(pk=review.pk).update(**fields)
            review.refresh_from_db()
            facts.refresh([child.pk])
        child.refresh_from_db()
        return review

    return make


@pytest.fixture
def recommendation(db: Any) -> Callable[..., Recommendation]:
    def make(review: Review, due: date, status: str = "open") -> Recommendation:
        made = Recommendation.objects.create(
            review=review,
            child=review.child,
            action="Arrange contact with brother",
            owner_name="Social worker",
            due_date=due,
            status=status,
        )
        # Written here as a 903 import would: the stored facts follow, as there.
        facts.refresh([review.child_id])
        return made

    return make


@pytest.fixture
def move(db: Any) -> Callable[..., Episode]:
    def make(child: Child, on: date, reason: str = "P") -> Episode:
        assert child.current_period is not None
        made = Episode.objects.create(
            child=child,
            period=child.current_period,
            start_date=on,
            reason_new=reason,
            legal_status="C2",
            placement="U4",
        )
        facts.refresh([child.pk])
        return made

    return make


@pytest.fixture
def social_worker(db: Any) -> Callable[..., SocialWorker]:
    counter = {"n": 0}

    def make(child: Child | None = None, *starts: date) -> SocialWorker:
        counter["n"] += 1
        worker = SocialWorker.objects.create(name=f"Worker {counter['n']}")
        if child is not None:
            child.social_worker = worker
            child.save(update_fields=["social_worker"])
            for start in starts:
                SocialWorkerEpisode.objects.create(
                    child=child, social_worker=worker, start_date=start
                )
            facts.refresh([child.pk])
        return worker

    return make
