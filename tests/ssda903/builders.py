"""Small 903 returns written into tmp_path, and a snapshot of what the import writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iro.children.models import Child, Episode, PeriodOfCare, SocialWorkerEpisode
from iro.reviews.models import Review

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE"


def episode(
    child: str,
    decom: str,
    rne: str,
    dec: str = "",
    rec: str = "",
    ls: str = "C2",
    place: str = "U4",
) -> str:
    return f"{child},{decom},{rne},{ls},N1,{place},PR1,{dec},{rec},,AB1 2CD,EF3 4GH,"


# 2023-24: a child coming into care, a child in care before the data starts, a child under 4.
YEAR_2023 = {
    "header.csv": [
        HEADER,
        "1001,1,01/01/2012,WBRI,A123456789012,,",
        "1002,2,01/01/2010,BAFR,,,",
        "1003,2,01/06/2021,WBRI,,,",
    ],
    "episodes.csv": [
        EPISODES,
        episode("1001", "10/05/2023", "S"),
        episode("1002", "01/02/2021", "P", "01/09/2023", "X1"),
        episode("1002", "01/09/2023", "T"),
        episode("1003", "01/04/2023", "S", "30/06/2023", "E4A"),
    ],
    "reviews.csv": [
        REVIEWS,
        "1001,01/01/2012,01/06/2023,PN1",
        "1001,01/01/2012,20/11/2023,PN2",
        "1002,01/01/2010,15/05/2023,PN1",
        "1002,01/01/2010,10/11/2023,PN5",
        "1003,01/06/2021,25/04/2023,PN0",
    ],
}

# 2024-25: 1001 leaves care, 1002 carries on, 1004 comes into care.
YEAR_2024 = {
    "header.csv": [
        HEADER,
        "1001,M,01/01/2012,WBRI,A123456789012,,",
        "1002,F,01/01/2010,BAFR,,,",
        "1004,F,05/05/2015,WOTH,,,",
    ],
    "episodes.csv": [
        EPISODES,
        episode("1001", "10/05/2023", "S", "01/08/2024", "E4A"),
        episode("1002", "01/09/2023", "T"),
        episode("1004", "01/10/2024", "S"),
    ],
    "reviews.csv": [
        REVIEWS,
        "1001,01/01/2012,01/05/2024,PN1",
        "1002,01/01/2010,01/06/2024,PN1",
    ],
}


def write_files(folder: Path, files: dict[str, list[str]], newline: str = "\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_bytes((newline.join(lines) + newline).encode())
    return folder


def database_state() -> dict[str, Any]:
    """Everything the import writes, as plain values, to compare before and after."""
    return {
        "children": sorted(
            Child.objects.values_list(
                "la_child_id",
                "date_of_birth",
                "sex",
                "ethnicity",
                "upn",
                "current_period__first_known_date",
            )
        ),
        "periods": sorted(
            PeriodOfCare.objects.values_list(
                "child__la_child_id",
                "start_date",
                "start_known",
                "first_known_date",
                "end_date",
                "reason_ceased",
                "next_review_due",
            ),
            key=str,
        ),
        "episodes": sorted(
            Episode.objects.values_list(
                "child__la_child_id",
                "start_date",
                "reason_new",
                "legal_status",
                "placement",
                "end_date",
                "reason_ended",
                "period__first_known_date",
            ),
            key=str,
        ),
        "reviews": sorted(
            Review.objects.values_list(
                "child__la_child_id",
                "held_on",
                "participation_code",
                "source",
                "number",
                "due_date",
                "in_timescale",
                "period__first_known_date",
            ),
            key=str,
        ),
        "social_worker_episodes": sorted(
            SocialWorkerEpisode.objects.values_list(
                "child__la_child_id", "social_worker__sw_id", "start_date", "end_date"
            ),
            key=str,
        ),
    }
