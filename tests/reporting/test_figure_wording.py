"""No data reads "Not recorded", never 0.0%; 0 of 285 is real data and reads 0.0% — the same
words in the scorecard, the voice summary and the continuity table."""

from __future__ import annotations

from pathlib import Path

from iro.reporting.selectors import figure_text

ROOT = Path(__file__).resolve().parents[2] / "iro"


def test_a_rate_with_cases_reads_its_percentage_even_when_none_met_it() -> None:
    assert figure_text({"numerator": 0, "denominator": 285, "percent": 0.0}) == "0.0% (0 of 285)"
    assert (
        figure_text({"numerator": 1200, "denominator": 1285, "percent": 93.4})
        == "93.4% (1,200 of 1,285)"
    )


def test_a_rate_with_nothing_to_count_reads_not_recorded() -> None:
    assert figure_text({"numerator": 0, "denominator": 0, "percent": None}) == "Not recorded"
    assert figure_text(None) == "Not recorded"


def test_pages_that_write_their_own_rates_use_the_same_words() -> None:
    for template in (
        "voice/jinja2/voice/summary.html",
        "caseloads/jinja2/caseloads/continuity.html",
    ):
        text = (ROOT / template).read_text()
        assert "Not recorded" in text
        assert "No cases" not in text and "{% else %}–{% endif %}" not in text
