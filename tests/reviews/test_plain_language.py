"""The plain-language check: acronyms with the words to use instead, and the reading age."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.reviews.plain_language import (
    ACRONYMS,
    find_acronyms,
    plain_language_check,
    reading_age,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your IRO met your SW.", ["IRO", "SW"]),
        ("We talked about your PEP and CAMHS, and your PEP again.", ["PEP", "CAMHS"]),
        ("The LADO and the PA and the EHCP.", ["LADO", "PA", "EHCP"]),
        ("CLA, LAC, CIN, CP, SGO and FGC", ["CLA", "LAC", "CIN", "CP", "SGO", "FGC"]),
        ("Nothing to flag here. OK? I went to the UK.", []),
        ("pep and iro in lower case are words, not acronyms", []),
        ("SWOT analysis is not SW", ["SW"]),
    ],
)
def test_known_acronyms_are_flagged_in_order_of_first_use(text: str, expected: list[str]) -> None:
    assert [f.acronym for f in find_acronyms(text)] == expected


def test_each_flag_says_what_to_write_instead_and_how_often() -> None:
    (finding,) = find_acronyms("Your PEP. Your PEP. Your PEP.")
    assert finding.count == 3
    assert finding.instead == "your plan for school"


def test_every_acronym_in_the_table_has_words_to_use_instead() -> None:
    for acronym, instead in ACRONYMS.items():
        assert acronym.isupper() and instead.strip()
        assert [f.acronym for f in find_acronyms(f"About {acronym}.")] == [acronym]


def test_reading_age_is_flesch_kincaid_grade_plus_five() -> None:
    import textstat

    text = (
        "We met at your house. You showed me your room. You like your school and your friends. "
        "You want to see your mum more often. We will ask the judge about that."
    )
    assert reading_age(text) == max(5, round(textstat.flesch_kincaid_grade(text) + 5))


def test_short_text_has_no_reading_age() -> None:
    assert reading_age("Dear Sam, hello.") is None


def test_long_sentences_of_long_words_are_too_hard_for_a_young_child() -> None:
    hard = (
        "Notwithstanding the considerable deliberation undertaken by the multidisciplinary "
        "professionals, the statutory responsibilities of the corporate parent necessitate "
        "comprehensive consideration of permanence arrangements and associated contingencies."
    )
    check = plain_language_check(hard, target_reading_age=8)
    assert check.too_hard and not check.passes


def test_simple_letter_without_acronyms_passes() -> None:
    easy = "Dear Sam. We met on Monday. You told me you like your new home. I am glad. We will meet again soon."
    check = plain_language_check(easy, target_reading_age=10)
    assert check.passes


@given(st.text(max_size=300))
def test_check_never_fails_on_any_text(text: str) -> None:
    check = plain_language_check(text, target_reading_age=10)
    assert check.reading_age is None or check.reading_age >= 5
    assert all(f.acronym in ACRONYMS and f.count >= 1 for f in check.acronyms)
