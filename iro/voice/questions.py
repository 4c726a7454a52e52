"""The 360 feedback form's words, tailored to who is answering (no Django imports).

The public form says nothing about the child or the review: only these generic questions.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["QUESTIONS", "RATINGS", "FeedbackQuestions", "questions_for"]

# (value, plain words, child-friendly words) — 5 is best.
RATINGS: tuple[tuple[int, str, str], ...] = (
    (5, "Very good", "Really good"),
    (4, "Good", "Good"),
    (3, "Neither good nor poor", "OK"),
    (2, "Poor", "Not very good"),
    (1, "Very poor", "Bad"),
)


@dataclass(frozen=True)
class FeedbackQuestions:
    heading: str
    intro: str
    rating_question: str
    went_well: str
    could_be_better: str
    child_friendly: bool = False

    def rating_choices(self) -> list[tuple[int, str]]:
        return [
            (value, friendly if self.child_friendly else plain)
            for value, plain, friendly in RATINGS
        ]


_ADULT_INTRO = (
    "We want to know what you thought of a recent review meeting that an Independent Reviewing "
    "Officer (IRO) chaired. Your answers help us improve reviews for children in care. "
    "It takes about 2 minutes."
)

QUESTIONS: dict[str, FeedbackQuestions] = {
    "child": FeedbackQuestions(
        heading="Tell us about your review",
        intro=(
            "Your review is the meeting about you and your plans. We want to know what you "
            "thought of it, so we can make reviews better. You do not have to give your name."
        ),
        rating_question="How was your review?",
        went_well="What was good about your review?",
        could_be_better="What could we do better next time?",
        child_friendly=True,
    ),
    "parent": FeedbackQuestions(
        heading="Give feedback about a review meeting",
        intro=_ADULT_INTRO,
        rating_question="Overall, how good was the review meeting?",
        went_well="What went well? For example, did you feel listened to?",
        could_be_better="What could have been better?",
    ),
    "carer": FeedbackQuestions(
        heading="Give feedback about a review meeting",
        intro=_ADULT_INTRO,
        rating_question="Overall, how good was the review meeting?",
        went_well="What went well? For example, were you able to share what you know about the child?",
        could_be_better="What could have been better?",
    ),
    "social_worker": FeedbackQuestions(
        heading="Give feedback about a review meeting",
        intro=_ADULT_INTRO,
        rating_question="Overall, how well did the IRO chair the review?",
        went_well="What went well? For example, was the review focused on the child's plan?",
        could_be_better="What could have been better?",
    ),
    "other_professional": FeedbackQuestions(
        heading="Give feedback about a review meeting",
        intro=_ADULT_INTRO,
        rating_question="Overall, how good was the review meeting?",
        went_well="What went well?",
        could_be_better="What could have been better?",
    ),
}


def questions_for(respondent_type: str) -> FeedbackQuestions:
    return QUESTIONS.get(respondent_type, QUESTIONS["other_professional"])
