"""The one chart implementation: SVG the Content-Security-Policy allows, full labels, GOV.UK
colours at 3:1 against white, the tables' precision, PNG for Word — and no other chart drawer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from iro.core import charts
from iro.core.charts import (
    Band,
    BarGroup,
    LineChart,
    LineSeries,
    contrast_against_white,
    grouped_bar_png,
    grouped_bar_svg,
    line_chart_png,
    line_chart_svg,
    value_text,
)
from iro.reporting.selectors import figure_text

LONG = "Children whose review was held within the statutory timescale, every review in the year"
GROUPS = [BarGroup(LONG, (82.0, None, 45.5)), BarGroup("Consulted", (0.0, 12.3, 100.0))]
SERIES = ("2023–24", "2024–25", "2025–26")
LINE = LineChart(
    title="Children per FTE at each month end",
    x_labels=tuple(f"Month {i}" for i in range(13)),
    series=(
        LineSeries("Children per FTE", tuple(float(i) for i in range(13))),
        LineSeries("Forecast", (None,) * 12 + (14.0,), dashed=True),
    ),
    band=Band("Range", (None,) * 12 + (10.0,), (None,) * 12 + (18.0,)),
    references=(("70 per FTE", 7.0),),
    marker_at=12,
)


def _svgs() -> list[str]:
    return [
        str(grouped_bar_svg("Reviews: percentages", GROUPS, SERIES, maximum=100, unit="%")),
        str(line_chart_svg(LINE)),
    ]


def _texts(svg: str) -> str:
    root = ET.fromstring(svg)  # noqa: S314
    return " ".join(
        (element.text or "").strip() for element in root.iter() if element.tag.endswith("text")
    )


@pytest.mark.parametrize("index", [0, 1])
def test_svg_passes_the_content_security_policy(index: int) -> None:
    import qrcode.image.svg  # noqa: F401  # registers an "svg:" prefix; charts must not use it

    svg = _svgs()[index]
    assert svg.startswith("<svg ")
    assert "style=" not in svg and "<style" not in svg
    assert "<script" not in svg and " on" not in re.sub(r'"[^"]*"', "", svg)
    root = ET.fromstring(svg)  # noqa: S314
    assert root.get("role") == "img" and root.get("aria-label")
    # Only ids the chart refers to, each unique to this chart (several charts share a page).
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("c") and "-" in i for i in ids)


def test_labels_are_whole_never_cut_short() -> None:
    svg = _svgs()[0]
    texts = _texts(svg)
    assert "…" not in svg and "..." not in svg
    # The long label is wrapped over lines: every word is there, in order.
    assert re.search(r"\s+".join(re.escape(w) for w in LONG.split()), texts)
    for year in SERIES:
        assert year in texts


def test_values_read_as_the_tables_write_them() -> None:
    texts = _texts(_svgs()[0])
    value = {"numerator": 82, "denominator": 100, "percent": 82.0}
    assert figure_text(value).startswith(value_text(82.0, "%"))
    assert "82.0%" in texts and "45.5%" in texts and "0.0%" in texts
    assert "Not recorded" in texts  # no data never reads 0.0%
    assert re.search(r"\b82%", texts) is None
    assert value_text(1234.0) == "1,234" and value_text(None) == "Not recorded"


@pytest.mark.parametrize(
    "colour",
    [
        *charts.SERIES_COLOURS,
        *charts.LINE_COLOURS,
        charts.REFERENCE_COLOUR,
        charts.BAND_COLOUR,
        charts.TEXT,
    ],
)
def test_each_colour_has_3_to_1_contrast_against_white(colour: str) -> None:
    assert contrast_against_white(colour) >= 3.0


def test_bars_are_drawn_in_the_series_colours() -> None:
    svg = _svgs()[0]
    for colour in charts.SERIES_COLOURS:
        assert f'fill="{colour}"' in svg


def test_contrast_is_computed_as_wcag_does() -> None:
    assert contrast_against_white("#ffffff") == pytest.approx(1.0)
    assert contrast_against_white("#000000") == pytest.approx(21.0)
    assert contrast_against_white("#b1b4b6") < 3.0  # the old light-grey bars


def test_png_for_word_is_a_png() -> None:
    for png in (
        grouped_bar_png("Reviews: percentages", GROUPS, SERIES, maximum=100, unit="%"),
        line_chart_png(LINE),
    ):
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


ROOT = Path(__file__).resolve().parents[2] / "iro"


def test_one_chart_implementation() -> None:
    """No other module draws charts (Pillow, hand-written SVG geometry) and no template draws
    one: every chart comes from iro.core.charts."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name == "charts.py" and path.parent.name == "core":
            continue
        text = path.read_text()
        if re.search(
            r"ImageDraw|^(from|import) matplotlib|<polyline|<rect |def \w*_chart\(", text, re.M
        ):
            offenders.append(str(path))
    for path in ROOT.rglob("*.html"):
        text = path.read_text()
        # The 903 import's progress bar is a progress indicator, not a chart.
        drawn = re.search(r"<polyline|<polygon|<rect |iro-bar-chart", text)
        if drawn and path.name != "import_detail.html":
            offenders.append(str(path))
    assert offenders == []
    assert not (ROOT / "caseloads" / "chart.py").exists()


def _placed_texts(svg: str) -> list[tuple[float, float, str, str]]:
    root = ET.fromstring(svg)  # noqa: S314
    return [
        (
            float(e.get("x") or 0),
            float(e.get("font-size") or 0),
            e.get("text-anchor") or "start",
            e.text or "",
        )
        for e in root.iter()
        if e.tag.endswith("}text") and e.get("transform") is None
    ]


@pytest.mark.parametrize("index", [0, 1])
def test_every_label_fits_inside_the_chart(index: int) -> None:
    svg = _svgs()[index]
    width = float(ET.fromstring(svg).get("viewBox", "").split()[2])  # noqa: S314
    for x, size, anchor, text in _placed_texts(svg):
        measured = charts.text_width(text, size)
        start = {"start": x, "middle": x - measured / 2, "end": x - measured}[anchor]
        assert start >= 0 and start + measured <= width, text


def test_each_bar_and_line_is_titled_and_the_chart_described() -> None:
    bars, line = (ET.fromstring(svg) for svg in _svgs())  # noqa: S314
    titles = [e.text for e in bars.iter() if e.tag.endswith("}title")]
    assert titles[0] == "Reviews: percentages"
    assert "2023–24: 82.0%" in titles and "2025–26: 45.5%" in titles
    assert "table" in (bars.find(f"{{{charts.SVG_NS}}}desc").text or "")  # type: ignore[union-attr]
    line_titles = {e.text for e in line.iter() if e.tag.endswith("}title")}
    assert {"Children per FTE", "Forecast"} <= line_titles


def test_a_missing_value_breaks_the_line() -> None:
    chart = LineChart(
        title="Gaps",
        x_labels=("a", "b", "c", "d", "e"),
        series=(LineSeries("Rate", (1.0, 2.0, None, 4.0, 5.0)),),
    )
    root = ET.fromstring(str(line_chart_svg(chart)))  # noqa: S314
    drawn = [
        e.get("d") or ""
        for e in root.iter()
        if e.get("stroke") == charts.LINE_COLOURS[0] and e.get("fill") == "none"
    ]
    assert len(drawn) == 2 and all(d.count("L") == 1 for d in drawn)


@pytest.mark.parametrize(
    ("top", "expected"),
    [(100, [0, 20, 40, 60, 80, 100]), (18, [0, 5, 10, 15]), (7, [0, 2, 4, 6]), (0, [0])],
)
def test_ticks_are_round_numbers(top: float, expected: list[float]) -> None:
    assert charts.nice_ticks(top) == expected


def test_text_is_measured_with_arial_metrics() -> None:
    assert charts.text_width("M", 10) == pytest.approx(8.33)
    assert charts.text_width("Consulted", 11) > charts.text_width("Consult", 11)
    assert charts.text_width("照", 10) == pytest.approx(8.33)  # unknown: as wide as an M
