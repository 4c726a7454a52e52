"""The one chart implementation: bar and line charts drawn by matplotlib, as inline SVG (pages
and the PDF) and PNG (Word), from plain data.

Every chart sits beside a table with the same figures (that is what screen-reader users read),
so a chart's values are written exactly as the table writes them ("82.0%", "1,234") and its
labels are wrapped, never cut short. Colours are GOV.UK colours with at least 3:1 contrast
against white (WCAG 1.4.11). matplotlib writes `style` attributes and a `<style>` element,
which the Content-Security-Policy (style-src 'self') forbids, so `_csp_safe` turns each style
property into the presentation attribute of the same name.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
import xml.etree.ElementTree as ET  # nosec B405 - parses only the SVG matplotlib just wrote
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Oldest to newest year: dark grey, dark blue, blue (7.1:1, 12.4:1 and 5.2:1 against white).
SERIES_COLOURS = ("#505a5f", "#003078", "#1d70b8")
# Lines: GOV.UK blue, red, green, purple, black, pink, dark grey, bright purple; each also has
# its own dash and marker so no line is told apart by colour alone.
LINE_COLOURS = (
    "#1d70b8",
    "#d4351c",
    "#00703c",
    "#4c2c92",
    "#0b0c0c",
    "#d53880",
    "#505a5f",
    "#912b88",
)
LINE_DASHES = ("solid", (0, (6, 3)), (0, (2, 2)), (0, (6, 2, 2, 2)))
LINE_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
BAND_COLOUR = "#1d70b8"  # the band is drawn pale, with its edges in full colour
REFERENCE_COLOUR = "#d4351c"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"  # gridlines are decoration; the axes and values carry the information
NO_DATA = "Not recorded"
LABEL_WIDTH = 34  # characters per line of a wrapped label
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


@dataclass(frozen=True)
class BarGroup:
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class LineSeries:
    label: str
    values: tuple[float | None, ...]
    dashed: bool = False


@dataclass(frozen=True)
class Band:
    """A shaded range (e.g. where 90% of simulated futures fall)."""

    label: str
    lower: tuple[float | None, ...]
    upper: tuple[float | None, ...]


@dataclass(frozen=True)
class LineChart:
    title: str
    x_labels: tuple[str, ...]
    series: tuple[LineSeries, ...]
    band: Band | None = None
    references: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    marker_at: int | None = None  # index of a vertical "Today" line
    unit: str = ""
    maximum: float | None = None
    y_label: str = ""


def value_text(value: float | None, unit: str = "") -> str:
    """A value as the tables write it: percentages to one decimal place ("82.0%"), whole numbers
    with thousands separators, "Not recorded" for no data (never 0.0%)."""
    if value is None:
        return NO_DATA
    if unit == "%":
        return f"{value:.1f}%"
    if float(value).is_integer():
        return f"{int(value):,}{unit}"
    return f"{value:,}{unit}"


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """The whole label over as many lines as it needs."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def contrast_against_white(colour: str) -> float:
    """WCAG 2 contrast ratio of a #rrggbb colour against white."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


@cache
def _font_family() -> list[str]:
    """Arial where the machine has it, else Liberation Sans (Arial's metrics, Debian package
    fonts-liberation), else the DejaVu Sans matplotlib ships."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in ("Arial", "Liberation Sans") if name in installed] + ["DejaVu Sans"]


def _figure(width: float, height: float) -> tuple[Figure, Any]:
    # matplotlib (with numpy) is imported when a chart is first drawn, not when the URLs load,
    # so a page without a chart never waits for it. Figures are drawn without pyplot, on the
    # non-interactive Agg canvas: no display, safe in threads.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=72)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=TEXT, labelsize=11)
    return figure, axes


def _bar_figure(
    title: str,
    groups: Sequence[BarGroup],
    series: Sequence[str],
    maximum: float | None,
    unit: str,
) -> Figure:
    labels = [wrapped(g.label) for g in groups]
    lines = sum(label.count("\n") + 1 for label in labels)
    bar = 0.8 / max(len(series), 1)
    height = 1.1 + max(len(groups) * len(series) * 0.26, lines * 0.19) + 0.2 * len(groups)
    figure, axes = _figure(9.0, height)
    peak = maximum or max((v for g in groups for v in g.values if v is not None), default=1) or 1
    for s_index, name in enumerate(series):
        colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
        ys = [g_index + s_index * bar for g_index in range(len(groups))]
        widths = [0 if g.values[s_index] is None else g.values[s_index] for g in groups]
        axes.barh(ys, widths, height=bar * 0.9, color=colour, label=name, align="edge")
        for y, group in zip(ys, groups, strict=True):
            value = group.values[s_index]
            axes.text(
                (value or 0) + peak * 0.01,
                y + bar * 0.45,
                value_text(value, unit),
                va="center",
                fontsize=10,
            )
    axes.set_yticks([g_index + 0.4 for g_index in range(len(groups))], labels)
    axes.invert_yaxis()
    axes.set_xlim(0, peak * 1.15)
    axes.set_xticks([t for t in axes.get_xticks() if 0 <= t <= peak])
    axes.xaxis.set_major_formatter(
        lambda v, _pos: value_text(v, unit) if unit != "%" else f"{v:g}%"
    )
    axes.grid(axis="x", color=GRID, linewidth=0.5)
    axes.set_axisbelow(True)
    axes.set_title(wrapped(title, 70), loc="left", fontsize=14, fontweight="bold", pad=30)
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=len(series),
        frameon=False,
        fontsize=11,
        borderaxespad=0.2,
    )
    figure.tight_layout()
    return figure


def _line_figure(chart: LineChart) -> Figure:
    figure, axes = _figure(9.0, 4.6)
    xs = list(range(len(chart.x_labels)))
    if chart.band is not None:
        lower = [float("nan") if v is None else v for v in chart.band.lower]
        upper = [float("nan") if v is None else v for v in chart.band.upper]
        axes.fill_between(xs, lower, upper, color=BAND_COLOUR, alpha=0.2, label=chart.band.label)
        axes.plot(xs, lower, color=BAND_COLOUR, linewidth=0.8)
        axes.plot(xs, upper, color=BAND_COLOUR, linewidth=0.8)
    for index, line in enumerate(chart.series):
        axes.plot(
            xs,
            [float("nan") if v is None else v for v in line.values],
            color=LINE_COLOURS[index % len(LINE_COLOURS)],
            linestyle=(0, (6, 3)) if line.dashed else LINE_DASHES[index % len(LINE_DASHES)],
            marker=LINE_MARKERS[index % len(LINE_MARKERS)],
            markersize=4,
            linewidth=2.2,
            label=wrapped(line.label, 40),
        )
    for label, value in chart.references:
        axes.axhline(value, color=REFERENCE_COLOUR, linestyle=(0, (2, 3)), linewidth=1.5)
        axes.annotate(
            label,
            (len(xs) - 1, value),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=10,
        )
    if chart.marker_at is not None:
        axes.axvline(chart.marker_at, color="#505a5f", linestyle=(0, (2, 2)), linewidth=1)
        axes.annotate(
            "Today",
            (chart.marker_at, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -12),
            textcoords="offset points",
            fontsize=10,
        )
    step = max(1, round(len(xs) / 8))
    ticks = xs[::step]
    axes.set_xticks(ticks, [wrapped(chart.x_labels[i], 9) for i in ticks])
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.band is not None:
        values += [v for v in chart.band.upper if v is not None]
    values += [value for _label, value in chart.references]
    axes.set_ylim(0, chart.maximum or (max(values, default=1) or 1) * 1.1)
    axes.yaxis.set_major_formatter(
        lambda v, _pos: f"{v:g}%" if chart.unit == "%" else value_text(v, chart.unit)
    )
    if chart.y_label:
        axes.set_ylabel(
            chart.y_label,
            fontsize=11,
        )
    axes.grid(axis="y", color=GRID, linewidth=0.5)
    axes.set_axisbelow(True)
    axes.set_title(wrapped(chart.title, 70), loc="left", fontsize=14, fontweight="bold")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=10)
    figure.tight_layout()
    return figure


def _drawing() -> Any:
    """matplotlib settings for every chart: our fonts and colours, SVG text kept as text (so
    labels stay searchable and scale), ids that do not change from one run to the next."""
    import matplotlib

    matplotlib.use("Agg")  # never a display backend, whatever MPLBACKEND says
    return matplotlib.rc_context(
        {
            "font.family": _font_family(),
            "text.color": TEXT,
            "axes.edgecolor": TEXT,
            "svg.fonttype": "none",
            "svg.hashsalt": "iro",
        }
    )


def _svg(draw: Callable[[], Figure], title: str) -> Markup:
    buffer = io.StringIO()
    with _drawing():
        draw().savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return Markup(_csp_safe(buffer.getvalue(), title))  # noqa: S704  # nosec B704 - built by ET


def _png(draw: Callable[[], Figure]) -> bytes:
    buffer = io.BytesIO()
    with _drawing():
        draw().savefig(buffer, format="png", dpi=144, facecolor="white")
    return buffer.getvalue()


_STYLE_PROPERTY = re.compile(r"\s*([a-z-]+)\s*:\s*([^;]+)")


def _csp_safe(svg_text: str, title: str) -> str:
    """matplotlib's SVG with every `style` turned into presentation attributes, no `<style>`
    or metadata, ids unique to this chart, scaled to its container, labelled by its title."""
    root = ET.fromstring(svg_text)  # noqa: S314  # nosec B314 - matplotlib's own output
    prefix = "c" + hashlib.sha1(svg_text.encode(), usedforsecurity=False).hexdigest()[:8] + "-"
    referenced = set(re.findall(r"(?:url\(#|href=\"#)([^)\"]+)", svg_text))
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        tag = element.tag.split("}")[-1]
        if tag in {"style", "metadata"}:
            parents[element].remove(element)
            continue
        style = element.attrib.pop("style", None)
        if style:
            for name, value in _STYLE_PROPERTY.findall(style):
                element.set(name, value.strip())
        identifier = element.attrib.pop("id", None)
        if identifier and identifier in referenced:
            element.set("id", prefix + identifier)
        for attribute, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(attribute, value.replace("url(#", "url(#" + prefix))
            elif attribute == f"{{{XLINK_NS}}}href" and value.startswith("#"):
                element.set(attribute, "#" + prefix + value[1:])
    # What the removed <style> said, as inherited attributes.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("width", "100%")
    root.set("class", "iro-chart")
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("focusable", "false")
    label = ET.Element(f"{{{SVG_NS}}}title")
    label.text = title
    root.insert(0, label)
    # Registered again here: qrcode registers "svg" as a prefix for the same namespace, and
    # inline SVG in HTML is written without a prefix.
    ET.register_namespace("", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def grouped_bar_svg(
    title: str,
    groups: list[BarGroup],
    series: tuple[str, ...],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> Markup:
    """Horizontal grouped bars: one group per measure, one bar per series (year)."""
    return _svg(lambda: _bar_figure(title, groups, series, maximum, unit), title)


def grouped_bar_png(
    title: str,
    groups: list[BarGroup],
    series: tuple[str, ...],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> bytes:
    """The same chart as a PNG, for documents that cannot hold SVG (Word)."""
    return _png(lambda: _bar_figure(title, groups, series, maximum, unit))


def line_chart_svg(chart: LineChart) -> Markup:
    """Lines over time (months along the bottom), with an optional shaded band, horizontal
    reference lines and a "Today" marker."""
    return _svg(lambda: _line_figure(chart), chart.title)


def line_chart_png(chart: LineChart) -> bytes:
    return _png(lambda: _line_figure(chart))
