"""Loading 903 data: all or nothing, idempotent, later years update earlier ones, history before
the data starts, reviews feeding the timetable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from iro.audit.models import AuditEntry
from iro.children.models import Child, Episode, PeriodOfCare
from iro.reviews.models import Review
from iro.ssda903.models import ImportIssue, ImportRun
from iro.ssda903.reading import path_sources
from iro.ssda903.services import ssda903_import
from tests.ssda903.builders import (
    EPISODES,
    HEADER,
    REVIEWS,
    YEAR_2023,
    database_state,
    episode,
    write_files,
)

pytestmark = pytest.mark.django_db


def run_import(
    *paths: Path, dry_run: bool = False, year: int | None = None, run: ImportRun | None = None
):  # type: ignore[no-untyped-def]
    return ssda903_import(
        acting_user=None, sources=path_sources(list(paths), year=year), dry_run=dry_run, run=run
    )


def test_a_year_loads_children_periods_episodes_and_reviews(year_2023: Path) -> None:
    outcome = run_import(year_2023)

    assert outcome.ok and outcome.loaded
    assert outcome.row_counts == {"2023-24": {"header": 3, "episodes": 4, "reviews": 5}}
    assert Child.objects.count() == 3
    child = Child.objects.get(la_child_id="1001")
    assert child.display_name == "Child 1001"
    assert (child.first_name, child.last_name) == ("", "")
    assert child.current_period is not None
    assert child.current_period.start_date == date(2023, 5, 10)
    assert Episode.objects.count() == 4
    reviews = Review.objects.filter(child=child).order_by("held_on")
    assert [(r.held_on, r.participation_code, r.source, r.number) for r in reviews] == [
        (date(2023, 6, 1), "PN1", "903", 1),
        (date(2023, 11, 20), "PN2", "903", 2),
    ]
    # The timetable follows at once: review 3 is due 6 months after review 2 was held.
    child.current_period.refresh_from_db()
    assert child.current_period.next_review_due == date(2024, 5, 20)
    left = Child.objects.get(la_child_id="1003")
    assert left.current_period is None
    assert PeriodOfCare.objects.get(child=left).reason_ceased == "E4A"


def test_history_before_the_data_starts(year_2023: Path) -> None:
    run_import(year_2023)

    child = Child.objects.get(la_child_id="1002")
    period = child.current_period
    assert period is not None
    assert (period.start_known, period.start_date) == (False, None)
    assert period.first_known_date == date(2021, 2, 1)
    # One period across the X1 change of placement.
    assert PeriodOfCare.objects.filter(child=child).count() == 1
    reviews = list(Review.objects.filter(child=child).order_by("held_on"))
    assert [r.number for r in reviews] == [None, None]  # later reviews, not first or second
    assert reviews[0].in_timescale is None  # the first known review's timeliness is unknown
    assert reviews[1].in_timescale is True  # within 6 months of the previous known review
    period.refresh_from_db()
    assert period.next_review_due == date(2024, 5, 10)  # 6 months after the last known review


def test_importing_the_same_files_twice_changes_nothing(year_2023: Path) -> None:
    run_import(year_2023)
    before = database_state()

    outcome = run_import(year_2023)

    assert outcome.loaded
    assert outcome.changes == {}
    assert database_state() == before


def test_a_later_year_updates_and_extends_an_earlier_one(year_2023: Path, year_2024: Path) -> None:
    run_import(year_2023)
    outcome = run_import(year_2024)

    assert outcome.ok
    left = Child.objects.get(la_child_id="1001")
    assert left.current_period is None
    assert left.sex == "M"
    period = PeriodOfCare.objects.get(child=left)
    assert (period.end_date, period.reason_ceased) == (date(2024, 8, 1), "E4A")
    assert Episode.objects.filter(child=left).count() == 1  # matched on CHILD and DECOM
    assert Review.objects.filter(child=left).count() == 3  # 2 from 2023-24, 1 from 2024-25
    assert Child.objects.filter(la_child_id="1004").exists()
    # The earlier episode of 1002 ended before 2024-25, so it stays.
    assert Episode.objects.filter(child__la_child_id="1002").count() == 2
    # 1003 is not in 2024-25 and is left as it was.
    assert Episode.objects.filter(child__la_child_id="1003").count() == 1


def test_both_years_in_one_import_equal_two_imports(
    year_2023: Path, year_2024: Path, tmp_path: Path
) -> None:
    run_import(year_2023)
    run_import(year_2024)
    one_by_one = database_state()
    Child.objects.all().delete()

    outcome = run_import(year_2024, year_2023)  # order of paths does not matter

    assert outcome.ok
    assert database_state() == one_by_one


def test_an_older_year_imported_later_does_not_undo_a_newer_one(
    year_2023: Path, year_2024: Path
) -> None:
    run_import(year_2024)
    run_import(year_2023)

    left = Child.objects.get(la_child_id="1001")
    assert left.sex == "M"
    assert left.current_period is None
    assert Episode.objects.get(child=left).end_date == date(2024, 8, 1)


def test_reimporting_a_year_replaces_its_reviews_and_episodes(
    year_2023: Path, tmp_path: Path
) -> None:
    run_import(year_2023)
    corrected = dict(YEAR_2023)
    corrected["reviews.csv"] = [r for r in YEAR_2023["reviews.csv"] if "20/11/2023" not in r]
    corrected["episodes.csv"] = [
        EPISODES,
        episode("1001", "10/05/2023", "S", place="U6"),
        episode("1002", "01/02/2021", "P", "01/09/2023", "X1"),
        episode("1002", "01/09/2023", "T"),
        episode("1003", "01/04/2023", "S", "30/06/2023", "E4A"),
    ]
    folder = write_files(tmp_path / "again" / "2023-24", corrected)

    outcome = run_import(folder)

    assert outcome.ok
    assert outcome.changes["reviews_removed"] == 1
    assert outcome.changes["episodes_updated"] == 1
    assert not Review.objects.filter(held_on=date(2023, 11, 20)).exists()
    assert Episode.objects.get(child__la_child_id="1001").placement == "U6"


def test_a_review_recorded_in_the_product_is_never_removed_by_an_import(
    year_2023: Path,
) -> None:
    run_import(year_2023)
    child = Child.objects.get(la_child_id="1001")
    Review.objects.create(
        child=child,
        period=child.current_period,
        held_on=date(2024, 1, 15),
        participation_code="PN1",
        source=Review.Source.FORM,
    )

    run_import(year_2023)

    assert Review.objects.filter(child=child, held_on=date(2024, 1, 15)).exists()


def test_dry_run_checks_and_counts_but_writes_nothing(year_2023: Path) -> None:
    outcome = run_import(year_2023, dry_run=True)

    assert outcome.ok and not outcome.loaded
    assert outcome.changes["children_created"] == 3
    assert Child.objects.count() == 0
    assert Review.objects.count() == 0


def test_an_import_is_recorded_with_files_counts_and_one_audit_entry(year_2023: Path) -> None:
    run = ImportRun.objects.create()
    audit_before = AuditEntry.objects.count()

    run_import(year_2023, run=run)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.LOADED
    assert {f["table"] for f in run.files} == {"header", "episodes", "reviews"}
    assert all(len(f["sha256"]) == 64 for f in run.files)
    assert run.row_counts["2023-24"]["episodes"] == 4
    assert run.changes["reviews_created"] == 5
    assert run.error_count == 0
    assert AuditEntry.objects.count() == audit_before + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None and entry.action == "import"


def test_warnings_are_loaded_and_reported(tmp_path: Path) -> None:
    folder = write_files(
        tmp_path / "2023-24",
        {
            "header.csv": [HEADER, "2001,1,01/01/2010,WBRI,,,"],
            "episodes.csv": [EPISODES, episode("2001", "01/04/2023", "S")],
            # PN0 at 13, and a review after the collection year.
            "reviews.csv": [
                REVIEWS,
                "2001,01/01/2010,01/05/2023,PN0",
                "2001,01/01/2010,01/05/2024,PN1",
            ],
        },
    )
    run = ImportRun.objects.create()

    outcome = run_import(folder, run=run)

    assert outcome.loaded
    problems = [w.problem for w in outcome.report.warnings]
    assert any("PN0 is for children under 4" in p for p in problems)
    assert any("outside the collection year" in p for p in problems)
    # The two above, and the builders' child without a UPN (DfE rule 442, a query).
    warnings = ImportIssue.objects.filter(run=run, severity="warning")
    assert warnings.count() == 3
    assert warnings.filter(problem__startswith="DfE rule 442: UPN").count() == 1
    assert Review.objects.count() == 2


def test_social_worker_episodes_set_the_childs_social_worker(year_2023: Path) -> None:
    (year_2023 / "sw_episodes.csv").write_text(
        "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
        "1001,01/01/2012,SW9,10/05/2023,01/09/2023,MGTDEC\n"
        "1001,01/01/2012,SW12,01/09/2023,,\n"
    )

    outcome = run_import(year_2023)

    assert outcome.ok
    child = Child.objects.get(la_child_id="1001")
    assert child.social_worker is not None and child.social_worker.sw_id == "SW12"
    assert child.social_worker_episodes.count() == 2
    before = database_state()
    run_import(year_2023)
    assert database_state() == before


def test_the_synthetic_council_imports_and_reimports_without_change(medium_la: Path) -> None:
    folder = medium_la
    first = run_import(folder)
    assert first.ok, first.report.errors[:3]
    assert first.changes["children_created"] > 1000
    assert set(first.row_counts) == {"2022-23", "2023-24", "2024-25"}
    counts = (Child.objects.count(), Episode.objects.count(), Review.objects.count())
    # Children looked after on 31 March 2025 match the 2024-25 return's open episodes.
    assert Child.objects.filter(current_period__isnull=False).count() == 656

    again = run_import(folder / "2024-25")

    assert again.ok and again.changes == {}
    assert (Child.objects.count(), Episode.objects.count(), Review.objects.count()) == counts


def test_a_later_year_closing_an_episode_differently_is_a_warning_and_wins(
    tmp_path: Path,
) -> None:
    header = [HEADER, "3001,1,01/01/2012,WBRI,,,"]
    first = write_files(
        tmp_path / "2023-24",
        {
            "header.csv": header,
            "episodes.csv": [EPISODES, episode("3001", "10/05/2023", "S", "01/03/2024", "E4A")],
        },
    )
    later = write_files(
        tmp_path / "2024-25",
        {
            "header.csv": [HEADER, "3001,M,01/01/2012,WBRI,,,"],
            "episodes.csv": [EPISODES, episode("3001", "10/05/2023", "S", "01/06/2024", "E4B")],
        },
    )
    run_import(first)

    outcome = run_import(later)

    assert outcome.loaded
    assert any("closes it differently" in w.problem for w in outcome.report.warnings)
    period = PeriodOfCare.objects.get(child__la_child_id="3001")
    assert (period.end_date, period.reason_ceased) == (date(2024, 6, 1), "E4B")


def test_an_ending_reason_continued_the_same_day_is_one_period_with_a_warning(
    tmp_path: Path,
) -> None:
    folder = write_files(
        tmp_path / "2024-25",
        {
            "header.csv": [HEADER, "4001,M,01/01/2012,WBRI,,,"],
            "episodes.csv": [
                EPISODES,
                episode("4001", "19/11/2024", "S", "30/01/2025", "E5"),
                episode("4001", "30/01/2025", "P"),
            ],
        },
    )

    outcome = run_import(folder)

    assert outcome.loaded
    assert any("loaded as one period of care" in w.problem for w in outcome.report.warnings)
    child = Child.objects.get(la_child_id="4001")
    assert child.current_period is not None
    assert PeriodOfCare.objects.filter(child=child).count() == 1
