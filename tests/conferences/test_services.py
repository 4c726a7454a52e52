"""Recording child protection enquiries, conferences and plans through the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from iro.accounts.access import ObjectDenied
from iro.audit.models import AuditEntry
from iro.caseloads.models import ReviewingOfficer
from iro.children.models import Child, IROCover
from iro.conferences import services
from iro.conferences.models import ChildProtectionPlan, Conference, Decision, Section47Enquiry
from iro.core import facts

pytestmark = pytest.mark.django_db

STRATEGY = date(2026, 3, 19)  # a Thursday; Easter 2026 is 3 and 6 April


def _enquiry(chair: ReviewingOfficer, child: Child, on: date = STRATEGY) -> Section47Enquiry:
    return services.enquiry_record(
        acting_user=chair.user, child=child, strategy_discussion_on=on, chair=chair
    )


def _icpc(
    chair: ReviewingOfficer, enquiry: Section47Enquiry, held_on: date, **kw: object
) -> Conference:
    values: dict[str, object] = {
        "decision": Decision.PLAN,
        "category": "NEG",
        "previous_plans": 0,
        "attended": ["child", "mother", "police"],
        "reports": {"social_worker": held_on, "health": held_on},
    }
    values.update(kw)
    return services.initial_conference_record(
        acting_user=chair.user,
        enquiry=enquiry,
        held_on=held_on,
        **values,  # type: ignore[arg-type]
    )


def test_a_strategy_discussion_sets_the_icpc_due_15_working_days_on_across_easter(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    enquiry = _enquiry(chair, cp_child)
    # 15 working days from Thu 19 March 2026, skipping Good Friday 3 and Easter Monday 6 April.
    assert enquiry.icpc_due == date(2026, 4, 13)
    assert enquiry.awaiting_icpc
    assert cp_child.current_period_id is None  # a child on a plan need not be in care
    entry = AuditEntry.objects.filter(object_type="section47_enquiry").get()
    assert entry.action == "create" and entry.child_id == cp_child.pk


def test_an_initial_conference_deciding_a_plan_starts_it_and_sets_the_first_review(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    enquiry = _enquiry(chair, cp_child)
    conference = _icpc(chair, enquiry, date(2026, 4, 13))
    assert (conference.number, conference.due_date, conference.in_timescale) == (
        0,
        date(2026, 4, 13),
        True,
    )
    plan = ChildProtectionPlan.objects.get(child=cp_child)
    assert (plan.start_date, plan.initial_category, plan.chair) == (date(2026, 4, 13), "NEG", chair)
    assert plan.next_review_due == date(2026, 7, 13)
    assert plan.second_or_later is False
    enquiry.refresh_from_db()
    assert enquiry.icpc_held_on == date(2026, 4, 13) and not enquiry.awaiting_icpc
    assert conference.attended_labels() == ["The child", "Mother", "Police"]


def test_an_initial_conference_a_day_late_is_out_of_timescale(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    conference = _icpc(
        chair, _enquiry(chair, cp_child), date(2026, 4, 14), decision=Decision.NO_PLAN
    )
    assert conference.in_timescale is False
    assert not ChildProtectionPlan.objects.exists()


def test_review_conferences_at_3_then_6_months_and_the_plan_ending(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    _icpc(chair, _enquiry(chair, cp_child, date(2026, 1, 12)), date(2026, 1, 30))
    plan = ChildProtectionPlan.objects.get()
    assert plan.next_review_due == date(2026, 4, 30)  # 30 January + 3 months
    first = services.review_conference_record(
        acting_user=chair.user,
        plan=plan,
        held_on=date(2026, 4, 30),
        decision=Decision.CONTINUES,
        category="MUL",
    )
    plan.refresh_from_db()
    assert (first.number, first.due_date, first.in_timescale) == (1, date(2026, 4, 30), True)
    assert plan.latest_category == "MUL" and plan.initial_category == "NEG"
    assert plan.next_review_due == date(2026, 10, 30)
    assert plan.next_review_basis == "6 months after review conference 1 on 30 April 2026"
    ended = services.review_conference_record(
        acting_user=chair.user,
        plan=plan,
        held_on=date(2026, 11, 2),
        decision=Decision.ENDS,
        end_reason="no_risk",
    )
    plan.refresh_from_db()
    assert ended.in_timescale is False  # due 30 October, held 2 November
    assert (plan.end_date, plan.end_reason, plan.next_review_due) == (
        date(2026, 11, 2),
        "no_risk",
        None,
    )
    with pytest.raises(ValidationError, match="ended"):
        services.review_conference_record(
            acting_user=chair.user,
            plan=plan,
            held_on=date(2026, 11, 20),
            decision=Decision.CONTINUES,
            category="NEG",
        )


@pytest.mark.parametrize(
    ("held_on", "field", "message"),
    [
        (
            date(2026, 3, 18),
            "held_on",
            "must be the same as or after the strategy discussion, 19 March 2026",
        ),
        (date(2027, 1, 4), "held_on", "must be today or in the past"),
    ],
)
def test_conference_dates_are_checked_against_the_story(
    chair: ReviewingOfficer, cp_child: Child, held_on: date, field: str, message: str
) -> None:
    enquiry = _enquiry(chair, cp_child)
    with pytest.raises(ValidationError) as raised:
        _icpc(chair, enquiry, held_on, reports={})
    assert message in raised.value.message_dict[field][0]
    assert not Conference.objects.exists()


def test_a_strategy_discussion_before_the_childs_birth_is_refused(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    with pytest.raises(ValidationError) as raised:
        _enquiry(chair, cp_child, date(2019, 5, 1))
    assert raised.value.message_dict["strategy_discussion_on"] == [
        "Date of the strategy discussion must be after the child's date of birth, 1 June 2019"
    ]


def test_a_report_received_after_the_conference_is_refused(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    enquiry = _enquiry(chair, cp_child)
    with pytest.raises(ValidationError) as raised:
        _icpc(chair, enquiry, date(2026, 4, 10), reports={"police": date(2026, 4, 11)})
    assert "report_police" in raised.value.message_dict
    assert not ChildProtectionPlan.objects.exists()  # nothing half written


def test_a_plan_needs_its_category_and_previous_plans(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    enquiry = _enquiry(chair, cp_child)
    with pytest.raises(ValidationError) as raised:
        _icpc(chair, enquiry, date(2026, 4, 10), category="", previous_plans=None)
    assert set(raised.value.message_dict) == {"category", "previous_plans"}


def test_a_second_plan_while_one_runs_is_refused(chair: ReviewingOfficer, cp_child: Child) -> None:
    _icpc(chair, _enquiry(chair, cp_child), date(2026, 4, 10))
    second = _enquiry(chair, cp_child, date(2026, 6, 1))
    with pytest.raises(ValidationError, match="already on a child protection plan"):
        _icpc(chair, second, date(2026, 6, 10))


def test_a_colleague_iro_is_refused_and_a_covering_iro_allowed(
    chair: ReviewingOfficer, colleague: ReviewingOfficer, cp_child: Child, make_user: object
) -> None:
    enquiry = _enquiry(chair, cp_child)
    with pytest.raises(ObjectDenied):
        _icpc(colleague, enquiry, date(2026, 4, 10))
    with pytest.raises(ObjectDenied):  # nor may they name someone else's child to themselves
        services.enquiry_update(
            acting_user=colleague.user,
            enquiry=enquiry,
            strategy_discussion_on=STRATEGY,
            chair=colleague,
            icpc_not_required=False,
        )
    IROCover.objects.create(
        absent_iro=chair,
        covering_iro=colleague,
        start_date=date(2026, 1, 1),
        end_date=date(2027, 1, 1),
        reason="Leave",
    )
    conference = _icpc(colleague, enquiry, date(2026, 4, 10))
    assert conference.chair == chair


def test_icpc_not_required_takes_the_enquiry_off_the_list(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    enquiry = _enquiry(chair, cp_child)
    services.enquiry_update(
        acting_user=chair.user,
        enquiry=enquiry,
        strategy_discussion_on=STRATEGY,
        chair=chair,
        icpc_not_required=True,
    )
    enquiry.refresh_from_db()
    assert not enquiry.awaiting_icpc
    with pytest.raises(ValidationError, match="no initial conference"):
        _icpc(chair, enquiry, date(2026, 4, 10))


def test_changing_the_initial_conference_date_moves_the_plan_and_its_timetable(
    chair: ReviewingOfficer, cp_child: Child
) -> None:
    conference = _icpc(chair, _enquiry(chair, cp_child), date(2026, 4, 13))
    changed = services.conference_update(
        acting_user=chair.user,
        conference=conference,
        held_on=date(2026, 4, 9),
        attended=["mother"],
        reports={},
        category="PHY",
    )
    plan = ChildProtectionPlan.objects.get()
    assert (plan.start_date, plan.initial_category, plan.latest_category) == (
        date(2026, 4, 9),
        "PHY",
        "PHY",
    )
    assert plan.next_review_due == date(2026, 7, 9)
    assert changed.attended == ["mother"] and changed.reports == {}


def test_the_stored_timetable_has_nothing_pending(chair: ReviewingOfficer, cp_child: Child) -> None:
    _icpc(chair, _enquiry(chair, cp_child), date(2026, 4, 13))
    assert facts.pending()["conferences"] == 0
    # Tamper with a stored date: the writer puts it back.
    ChildProtectionPlan.objects.update(next_review_due=date(2030, 1, 1))
    assert facts.refresh()["conferences"] == 1
    assert ChildProtectionPlan.objects.get().next_review_due == date(2026, 7, 13)
