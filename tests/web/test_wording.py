"""The product's words: one mapping from status to tag colour used by every template; counts
that read as English; deadlines that do not say "Due, due"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.template import engines

from iro.core.templating import TAG_COLOURS, status_tag
from iro.monitoring.standards import oversight_standard

TEMPLATES = list((Path(__file__).resolve().parents[2] / "iro").glob("**/jinja2/**/*.html"))


def test_every_tag_comes_from_the_one_mapping() -> None:
    assert TEMPLATES
    for template in TEMPLATES:
        text = template.read_text()
        assert "govuk-tag--" not in text, template
        # A literal label beside a status would let the same words take another colour.
        assert not re.search(r'status_tag\("[a-z_]+", "[^"]*"\)', text), template


def test_the_same_words_always_have_the_same_colour() -> None:
    colours: dict[str, set[str]] = {}
    for label, colour in TAG_COLOURS.values():
        colours.setdefault(label, set()).add(colour)
    assert {label: c for label, c in colours.items() if len(c) > 1} == {}
    assert "govuk-tag--blue" in status_tag("awaiting_response")
    assert "govuk-tag--green" in status_tag("response_received")


def test_the_oversight_standard_never_reads_5_of_2() -> None:
    standard = oversight_standard(
        as_of=date(2026, 11, 23),
        interval_start=date(2026, 8, 1),
        next_review_due=date(2027, 2, 1),
        between_count=5,
        care_started_on=None,
        year_count=11,
    )
    assert not re.search(r"\d+ of \d+", standard.sentence)
    assert standard.sentence.startswith("5 oversights since the last review (2 needed")
    assert "11 oversights in the last 12 months (4 needed" in standard.sentence


def render(name: str, **context: object) -> str:
    return engines["jinja2"].get_template(name).render(context)


def test_counts_are_singular_for_one() -> None:
    panel = type("Panel", (), {})()
    panel.context = {  # type: ignore[attr-defined]
        "letters": 1,
        "letters_overdue": 0,
        "distribute": 1,
        "distribute_overdue": 0,
        "recommendations_overdue": 1,
    }
    body = render("reviews/_my_work_panel.html", panel=panel)
    assert "1 letter to write" in body
    assert "1 set of minutes to distribute" in body
    assert "1 overdue recommendation<" in body


def test_a_deadline_without_a_label_does_not_say_due_twice() -> None:
    deadline = type("D", (), {"label": "", "due": date(2026, 11, 5), "status": "done_late"})()
    body = (
        engines["jinja2"]
        .from_string(
            '{% from "reviews/_macros.html" import deadline_tags %}{{ deadline_tags(tags) }}'
        )
        .render({"tags": [deadline]})
    )
    assert "Due, due" not in body
    assert 'Due <span class="iro-nowrap">5 November 2026</span>: ' in body
    assert "Done late" in body
