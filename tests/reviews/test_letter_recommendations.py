"""The letter tells the child about every recommendation: the plain-language check warns when
one is missing, and the demo letters are drafted from their review's recommendations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from iro.accounts.models import User
from iro.reviews.models import Review
from iro.reviews.plain_language import missing_recommendations, plain_language_check
from iro.seeding.demo import load_demo

LETTER = (
    "Dear Sam,\n\nWe met on 3 March 2026. Your social worker will book the dentist and an eye "
    "test by April. Your carers will support you with swimming lessons.\n\nBest wishes, Ann"
)


def test_a_recommendation_left_out_of_the_letter_is_named() -> None:
    actions = [
        "Book the dentist and an eye test",
        "Support with swimming lessons",
        "Complete the life story book",
    ]
    assert missing_recommendations(LETTER, actions) == ("Complete the life story book",)
    check = plain_language_check(LETTER, target_reading_age=14, recommendations=actions)
    assert check.missing_recommendations == ("Complete the life story book",)
    assert not check.passes


def test_a_letter_that_mentions_every_recommendation_passes_that_part() -> None:
    actions = ["Book the dentist and an eye test", "Support with swimming lessons"]
    check = plain_language_check(LETTER, target_reading_age=14, recommendations=actions)
    assert check.missing_recommendations == ()


@pytest.mark.django_db
def test_demo_letters_carry_their_recommendations_and_the_page_warns_when_one_is_cut(
    client: Any,
) -> None:
    with time_machine.travel(datetime(2026, 11, 23, 10, 0), tick=False):
        load_demo(as_of=date(2026, 11, 23), children=25, seed=7)
        reviews = list(
            Review.objects.exclude(letter="")
            .filter(recommendations__isnull=False)
            .distinct()
            .prefetch_related("recommendations")
        )
        assert len(reviews) > 20
        for review in reviews:
            actions = [r.action for r in review.recommendations.all()]
            assert missing_recommendations(review.letter, actions) == (), review.pk
            assert "[" not in review.letter
            # The section on who does what lists the recommendations, not the child's views.
            for action in actions:
                assert action in review.letter

        draft = next(r for r in reviews if r.minutes_written_on is None and not r.child.restricted)
        action = draft.recommendations.all()[0].action
        draft.letter = draft.letter.replace(action, "Something else")
        draft.save(update_fields=["letter"])
        client.force_login(User.objects.get(username="manager"))
        body = client.get(reverse("reviews:letter", args=[draft.pk])).content.decode()
        assert "Recommendations missing" in body
        assert f"<li>{action}</li>" in body
        assert "No problems found" not in body
