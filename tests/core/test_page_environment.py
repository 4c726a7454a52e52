"""The page environment's shortcuts give exactly what Jinja's own would, faster: the `indent`
filter, attribute lookups on dicts, and flat template globals."""

from __future__ import annotations

import pytest
from django.template import engines
from jinja2 import ChainableUndefined, Environment
from jinja2.filters import do_indent
from markupsafe import Markup

from iro.core.templating import indent

TEXTS = [
    "",
    "one line",
    "first\nsecond\n\nfourth",
    "ends with a newline\n",
    "\n\nleading blank lines",
    "windows\r\nline\r\nends",
    '<div class="govuk-form-group">\n  <input>\n\n</div>',
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [0, 2, 4, "\t", "<>"])
@pytest.mark.parametrize("first", [False, True])
@pytest.mark.parametrize("blank", [False, True])
@pytest.mark.parametrize("safe", [False, True])
def test_the_same_as_jinjas_indent(
    text: str, width: int | str, first: bool, blank: bool, safe: bool
) -> None:
    value = Markup(text) if safe else text  # noqa: S704
    ours = indent(value, width, first=first, blank=blank)
    theirs = do_indent(value, width, first=first, blank=blank)
    assert ours == theirs
    assert isinstance(ours, Markup) == isinstance(theirs, Markup)


def test_the_page_environment_uses_it() -> None:
    assert engines["jinja2"].env.filters["indent"] is indent


class _Thing:
    label = "attribute"

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


@pytest.mark.parametrize(
    ("obj", "name"),
    [
        ({"label": {"text": "Date"}}, "label"),
        ({"items": [1, 2]}, "items"),  # dict's own method first, as Jinja does
        ({"get": 1}, "get"),
        ({}, "missing"),
        ({"text": None}, "text"),
        (_Thing(), "label"),
        (_Thing(), "other"),
        ([1, 2], "missing"),
        ("text", "upper"),
    ],
)
def test_attribute_lookups_match_jinjas(obj: object, name: str) -> None:
    ours = engines["jinja2"].env.getattr(obj, name)
    theirs = Environment(autoescape=True, undefined=ChainableUndefined).getattr(obj, name)
    if isinstance(theirs, ChainableUndefined):
        assert isinstance(ours, ChainableUndefined)
        assert str(ours) == ""
    elif callable(theirs):
        assert ours == theirs
    else:
        assert ours == theirs


def test_templates_see_every_global_and_their_own_first() -> None:
    env = engines["jinja2"].env
    template = env.from_string("{{ status_tag('overdue') }}|{{ here }}", globals={"here": 1})
    assert template.render() == '<strong class="govuk-tag govuk-tag--red">Overdue</strong>|1'
    assert env.from_string("{{ here }}").render() == ""


@pytest.mark.parametrize(
    ("status", "text"),
    [("overdue", None), ("overdue", "3 overdue"), ("not_a_status", None), ("drift", "<b>&")],
)
def test_a_status_tag_escapes_as_markup_format_would(status: str, text: str | None) -> None:
    from iro.core.templating import TAG_COLOURS, status_tag

    label, colour = TAG_COLOURS.get(status, (status.replace("_", " ").capitalize(), ""))
    expected = Markup('<strong class="govuk-tag {}">{}</strong>').format(colour, text or label)
    assert status_tag(status, text) == expected
    assert isinstance(status_tag(status, text), Markup)


@pytest.mark.parametrize("name", ["children:detail", "disputes:detail", "reviews:detail"])
def test_a_rows_url_is_the_one_reverse_gives(name: str) -> None:
    from django.urls import reverse

    from config.jinja2 import row_url

    for_key = row_url(name)
    for key in (1, 7, 42, 1049, 2_000_000):
        assert for_key(key) == reverse(name, args=[key])
    with pytest.raises(ValueError):
        for_key("1/../../admin")  # type: ignore[arg-type]
