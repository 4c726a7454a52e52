"""Letter templates for the record of a review written to the child, by age band (data).

Pure: the letter page fills a template with the child's name, the date and the decisions, and the
IRO rewrites it in their own words before the plain-language check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro.timetable.dates import format_date

__all__ = ["BANDS", "LetterBand", "age_band", "band_for", "letter_draft"]


@dataclass(frozen=True)
class LetterBand:
    code: str
    label: str
    youngest: int
    oldest: int
    target_reading_age: int
    template: str


_UNDER_4 = """Dear {child},

This letter is for you to keep and read when you are older. On {date} we had a meeting about you. \
I am {iro}. My job is to check that you are safe, happy and well looked after.

How you are doing
[Write about how the child is growing, what they enjoy and who looks after them.]

What we decided
{decisions}

What will happen next
{recommendations}

We will meet again to check how you are getting on.

With best wishes,
{iro}"""

_4_TO_7 = """Dear {child},

On {date} we had a meeting about you. I am {iro}. I am the person who checks that you are happy \
and safe where you live.

What you told us
[Write what the child said or showed, in their words.]

What we decided
{decisions}

What will happen next
{recommendations}

If you want to talk to me, ask your carer to help you call me.

From {iro}"""

_8_TO_12 = """Dear {child},

I am writing to tell you about your review meeting on {date}. I am {iro}, and I chair your \
reviews. My job is to make sure the plan for you is right and that people do what they said \
they would.

What you told us
[Write what the child told you before or at the meeting, in their words.]

What is going well
[Write about school, friends, hobbies and the people who care for the child.]

What we decided
{decisions}

What will happen next
{recommendations}

If you are not happy with anything in this letter, or want to talk, you can call or message me. \
You can also ask for an advocate: someone who helps you say what you think.

Best wishes,
{iro}"""

_13_TO_15 = """Dear {child},

This letter is the record of your review on {date}. I am {iro}, your Independent Reviewing \
Officer. I chair your reviews and check that your plan is working for you.

What you told us
[Write the young person's views, in their words.]

What is going well, and what is not
[Write honestly about school, health, family time, friends and where they live.]

What we decided
{decisions}

Who will do what, and by when
{recommendations}

If you disagree with anything here, tell me: I will listen and I can challenge decisions for you. \
You can also have an advocate to help you have your say.

Best wishes,
{iro}"""

_16_PLUS = """Dear {child},

This is the record of your review on {date}. I am {iro}, your Independent Reviewing Officer. \
My role is to make sure your pathway plan is right for you and that people do what they agreed.

Your views
[Write the young person's views, in their words.]

Your plans
[Write about education, training or work, money, health, housing and leaving care.]

What we decided
{decisions}

Who will do what, and by when
{recommendations}

If you disagree with anything, or something changes, contact me. You have the right to an \
advocate and to make a complaint.

Best wishes,
{iro}"""

BANDS: tuple[LetterBand, ...] = (
    LetterBand("under_4", "Under 4", 0, 3, 9, _UNDER_4),
    LetterBand("4_7", "4 to 7", 4, 7, 8, _4_TO_7),
    LetterBand("8_12", "8 to 12", 8, 12, 10, _8_TO_12),
    LetterBand("13_15", "13 to 15", 13, 15, 12, _13_TO_15),
    LetterBand("16_plus", "16 and over", 16, 200, 14, _16_PLUS),
)
_BY_CODE = {band.code: band for band in BANDS}


def age_band(age: int) -> LetterBand:
    """The letter band for a child's age in whole years at the review."""
    for band in BANDS:
        if band.youngest <= age <= band.oldest:
            return band
    raise ValueError(f"No letter band for age {age}")


def band_for(code: str) -> LetterBand | None:
    return _BY_CODE.get(code)


def _day(d: date) -> str:
    return format_date(d)


def letter_draft(
    band: LetterBand,
    *,
    child_name: str,
    iro_name: str,
    review_date: date,
    decisions: str = "",
    recommendations: list[tuple[str, str, date]] | None = None,
) -> str:
    """A first draft of the letter from the band's template.

    ``recommendations`` are (action, who, due date) rows, written as one line each."""
    decided = decisions.strip() or "[Write what was decided, in words the child will understand.]"
    lines = [f"- {action} ({who}, by {_day(due)})" for action, who, due in recommendations or []]
    return band.template.format(
        child=child_name,
        iro=iro_name,
        date=_day(review_date),
        decisions=decided,
        recommendations="\n".join(lines) or "[Write who will do what, and by when.]",
    )
