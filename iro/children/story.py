"""The child's story as the date rule sees it (iro.timetable.story), for services and forms."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from iro.timetable.story import Story, StoryDate, When, date_problems

from .models import Child, PeriodOfCare

__all__ = ["StoryDate", "When", "story_check", "story_of"]


def story_of(child: Child, period: PeriodOfCare | None = None) -> Story:
    """The child's birth and the start of the period of care an event belongs to; with no
    period named, the day the child first came into care."""
    if period is None:
        starts = [p.start_date or p.first_known_date for p in child.periods.all()]
        began = min((d for d in starts if d is not None), default=None)
    else:
        began = period.start_date or period.first_known_date
    return Story(born=child.date_of_birth, care_began=began)


def story_check(
    child: Child,
    *dates: StoryDate,
    period: PeriodOfCare | None = None,
    today: dt.date | None = None,
) -> None:
    """Refuse, with one message per field, any date that does not fit the child's story."""
    problems = date_problems(list(dates), story_of(child, period), today or timezone.localdate())
    if problems:
        raise ValidationError(problems)
