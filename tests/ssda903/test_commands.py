"""import_903 and export_903: exit codes, --dry-run, progress, and the export round trip."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from iro.children.models import Child
from iro.reviews.models import Review
from iro.ssda903.models import ImportRun
from tests.ssda903.builders import REVIEWS, database_state

pytestmark = pytest.mark.django_db


def call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_903_loads_a_folder_and_shows_progress(year_2023: Path) -> None:
    out, err = call("import_903", str(year_2023))

    assert "2023-24: header 3, episodes 4, reviews 5" in out
    assert "children created 3" in out
    assert "Reading 2023-24 episodes" in err
    assert Child.objects.count() == 3
    run = ImportRun.objects.get()
    assert (run.status, run.origin) == (ImportRun.Status.LOADED, ImportRun.Origin.COMMAND)


def test_import_903_dry_run_writes_nothing(year_2023: Path) -> None:
    out, _ = call("import_903", str(year_2023), "--dry-run")

    assert "Would change: children created 3" in out
    assert "dry run, nothing was written" in out
    assert Child.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_import_903_exits_non_zero_on_errors_and_writes_nothing(
    year_2023: Path, tmp_path: Path
) -> None:
    (year_2023 / "reviews.csv").write_text(f"{REVIEWS}\n1001,01/01/2012,31/02/2022,PN1\n")
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"1 errors and \d+ warnings: nothing was imported"):
        call_command("import_903", str(year_2023), stdout=out, stderr=io.StringIO())

    assert "ERROR:" in out.getvalue()
    assert (
        "row 2, column REVIEW, value '31/02/2022': DfE rule 166: Not a real date" in out.getvalue()
    )
    assert Child.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.INVALID


def test_import_903_takes_the_year_from_the_option(year_2023: Path) -> None:
    call("import_903", str(year_2023 / "header.csv"), "--year", "2023-24")
    assert Child.objects.count() == 3
    with pytest.raises(CommandError, match="collection year like 2023"):
        call("import_903", str(year_2023), "--year", "next")


def test_export_then_import_gives_the_same_data(year_2023: Path, tmp_path: Path) -> None:
    call("import_903", str(year_2023))
    before = database_state()

    out, _ = call("export_903", "--year", "2023", str(tmp_path / "out"))

    assert "header 3, episodes 4, reviews 5" in out
    assert (tmp_path / "out" / "2023-24" / "episodes.csv").exists()
    # Re-importing into the same database changes nothing...
    again, _ = call("import_903", str(tmp_path / "out"))
    assert "Changed: nothing" in again
    # ...and into an empty one gives the same data.
    Child.objects.all().delete()
    call("import_903", str(tmp_path / "out"))
    assert database_state() == before


def test_export_writes_episodes_that_end_later_as_open(
    year_2023: Path, year_2024: Path, tmp_path: Path
) -> None:
    call("import_903", str(year_2023), str(year_2024))

    call("export_903", "--year", "2023", str(tmp_path / "out"))

    rows = (tmp_path / "out" / "2023-24" / "episodes.csv").read_text().splitlines()
    assert "1001,10/05/2023,S,C2,N1,U4,PR1,,,,AB1 2CD,EF3 4GH," in rows
    header = (tmp_path / "out" / "2023-24" / "header.csv").read_text()
    assert "1001,1,01/01/2012" in header  # SEX written with 2023-24's codes


def test_export_dry_run_writes_no_files(year_2023: Path, tmp_path: Path) -> None:
    call("import_903", str(year_2023))

    out, _ = call("export_903", "--year", "2023-24", "--dry-run", str(tmp_path / "out"))

    assert "Would write 2023-24" in out
    assert not (tmp_path / "out").exists()


def test_the_synthetic_councils_year_round_trips(tmp_path: Path, medium_la: Path) -> None:
    call("import_903", str(medium_la / "2024-25"))
    before = database_state()
    reviews = Review.objects.count()

    call("export_903", "--year", "2024", str(tmp_path / "out"))
    Child.objects.all().delete()
    call("import_903", str(tmp_path / "out"))

    assert Review.objects.count() == reviews
    assert database_state() == before
