"""The API's request and response shapes (they make the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] = Field(default_factory=list)


class FieldError(Schema):
    field: str
    message: str


class ChildDetails(Schema):
    child_id: str = Field(min_length=1, max_length=10, description="The council's CHILD ID")
    first_name: str = Field(default="", max_length=80)
    last_name: str = Field(default="", max_length=80)
    date_of_birth: date
    sex: str = Field(max_length=1, description="903 SEX: 1 male, 2 female")
    ethnicity: str = Field(max_length=4, description="903 ETHNIC code")
    upn: str = Field(default="", max_length=13)


class SocialWorkerIn(Schema):
    sw_id: str = Field(default="", max_length=20)
    name: str = Field(min_length=1, max_length=120)
    team: str = Field(default="", max_length=120)


class CameIntoCare(Schema):
    event_id: str = Field(min_length=1, max_length=100, description="The case system's event id")
    child: ChildDetails
    start_date: date
    legal_status: str = Field(max_length=2)
    placement: str = Field(max_length=3)
    category_of_need: str = Field(default="", max_length=2)
    social_worker: SocialWorkerIn | None = None


class EpisodeChanged(Schema):
    event_id: str = Field(min_length=1, max_length=100)
    child_id: str = Field(min_length=1, max_length=10)
    date: date
    reason_new: str = Field(
        max_length=1, description="903 RNE: L legal status, P placement, T both, U, B"
    )
    legal_status: str | None = Field(default=None, max_length=2)
    placement: str | None = Field(default=None, max_length=3)


class PeriodEnded(Schema):
    event_id: str = Field(min_length=1, max_length=100)
    child_id: str = Field(min_length=1, max_length=10)
    date: date
    reason_ceased: str = Field(max_length=3, description="903 REC code")


class SocialWorkerChanged(Schema):
    event_id: str = Field(min_length=1, max_length=100)
    child_id: str = Field(min_length=1, max_length=10)
    date: date
    social_worker: SocialWorkerIn


class DetailsCorrected(Schema):
    event_id: str = Field(min_length=1, max_length=100)
    child_id: str = Field(min_length=1, max_length=10)
    first_name: str | None = Field(default=None, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    date_of_birth: date | None = None
    sex: str | None = Field(default=None, max_length=1)
    ethnicity: str | None = Field(default=None, max_length=4)
    upn: str | None = Field(default=None, max_length=13)


class Iro(Schema):
    id: int
    name: str


class ChildOut(Schema):
    child_id: str
    in_care: bool
    iro: Iro | None
    care_started: date | None
    iro_allocation_due: date | None
    next_review_due: date | None
    review_status: str


class EventAccepted(Schema):
    event_id: str
    child: ChildOut


class RecommendationOut(Schema):
    action: str
    owner: str
    due_date: date
    status: str


class ReviewOut(Schema):
    id: int
    child_id: str
    held_on: date
    status: str
    number: int | None
    in_timescale: bool | None
    participation_code: str
    decisions: str
    recommendations: list[RecommendationOut]


class DisputeOut(Schema):
    reference: str
    child_id: str | None
    category: str
    stage: str
    status: str
    raised_on: date
    response_due: date | None
    responded_on: date | None
    formal_due: date | None
    resolved_on: date | None


class Change(Schema):
    cursor: int
    at: datetime
    kind: str
    action: str
    id: str
    child_id: str | None


class ChangesPage(Schema):
    changes: list[Change]
    next_cursor: int


Problem.model_rebuild()
