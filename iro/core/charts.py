"""The one chart implementation: bar and line charts from plain data, as inline SVG (pages and
the PDF) written directly from the data here, and as PNG (Word) drawn by matplotlib with the same
colours, labels and proportions.

Every chart sits beside a table with the same figures (that is what screen-reader users read),
so a chart's values are written exactly as the table writes them ("82.0%", "1,234") and its
labels are wrapped, never cut short: the SVG measures each label with Arial's metrics and sizes
its margins to fit. Colours are GOV.UK colours with at least 3:1 contrast against white (WCAG
1.4.11). The SVG uses presentation attributes only (no `style`, which the
Content-Security-Policy, style-src 'self', forbids) and no ids, so any number of charts can share
a page. SVG rather than matplotlib's SVG because a page draws up to nine charts and matplotlib
took about 60 ms each.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

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
    """matplotlib settings for every PNG: our fonts and colours."""
    import matplotlib

    matplotlib.use("Agg")  # never a display backend, whatever MPLBACKEND says
    return matplotlib.rc_context(
        {
            "font.family": _font_family(),
            "text.color": TEXT,
            "axes.edgecolor": TEXT,
        }
    )


def _png(draw: Callable[[], Figure]) -> bytes:
    buffer = io.BytesIO()
    with _drawing():
        draw().savefig(buffer, format="png", dpi=144, facecolor="white")
    return buffer.getvalue()


# --- SVG, drawn directly from the data ---------------------------------------------------------
# Pages and the PDF draw many charts per request (the scorecard nine); matplotlib took about
# 60 ms a chart, so the SVG is written here from the same layout rules: 1 px = 1 pt of the PNG.

WIDTH = 648  # the PNG's 9 inches at 72 points an inch
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
# Advance widths (1/1000 em) of Arial's metrics (Liberation Sans), for ASCII space to tilde then
# the characters below: labels are measured so none is cut off at the chart's edge.
_EXTRA = "–—’‘“”£…é"
_REGULAR = (
    "278 278 355 556 556 890 667 191 333 333 389 584 278 332 277 278 556 556 556 556 556 556 556 "
    "556 556 556 277 278 584 584 584 556 1015 667 667 723 722 667 611 778 722 277 500 667 556 833 "
    "722 778 667 778 723 667 610 721 667 944 667 667 611 277 278 278 469 557 333 556 556 500 556 "
    "555 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 335 "
    "259 334 584 557 1000 222 222 334 334 556 1001 555"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 333 333 584 583 584 611 975 722 722 722 722 667 611 778 722 277 556 722 611 833 "
    "722 778 667 778 723 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 612 556 611 "
    "556 333 611 611 278 277 556 278 889 611 611 612 611 389 556 333 611 556 778 556 556 500 389 "
    "280 389 585 556 1000 278 278 500 500 556 1000 556"
)


def _widths(table: str) -> dict[str, int]:
    chars = [chr(c) for c in range(32, 127)] + list(_EXTRA)
    return dict(zip(chars, (int(w) for w in table.split()), strict=True))


_ADVANCE = {False: _widths(_REGULAR), True: _widths(_BOLD)}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of one line of text in Arial at `size` px (unknown characters as wide as an
    'M', so a label is never measured short)."""
    advance = _ADVANCE[bold]
    return sum(advance.get(ch, 833) for ch in text) * size / 1000


def _n(value: float) -> str:
    """A coordinate: one decimal place, no trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(top: float, most: int = 6) -> list[float]:
    """Round tick values from 0 to `top` (steps of 1, 2, 2.5 or 5 times a power of ten), at most
    `most` + 1 of them."""
    if top <= 0:
        return [0.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def _label(text: str, x: float, y: float, size: float, anchor: str = "start", **extra: str) -> str:
    attributes = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"'
        f"{attributes}>{escape(text)}</text>"
    )


def _lines(
    text: str, x: float, y: float, size: float, anchor: str, leading: float = 1.2
) -> list[str]:
    """A wrapped label, one <text> a line, the first line's baseline at `y`."""
    return [
        _label(line, x, y + i * size * leading, size, anchor)
        for i, line in enumerate(text.split("\n"))
    ]


def _svg_document(title: str, description: str, height: float, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" '
        f'class="iro-chart" role="img" aria-label="{escape(title)}" focusable="false" '
        f'font-family="{FONT}" fill="{TEXT}" stroke-linejoin="round" stroke-linecap="butt">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704  # nosec B704 - escaped above


def _title_lines(title: str, y: float) -> tuple[list[str], float]:
    """The chart's title, bold, wrapped at 70 characters; returns the lines and the y below."""
    lines = wrapped(title, 70).split("\n")
    out = [_label(line, 8, y + i * 17, 14, font_weight="bold") for i, line in enumerate(lines)]
    return out, y + (len(lines) - 1) * 17 + 10


def _bar_svg(
    title: str,
    groups: Sequence[BarGroup],
    series: Sequence[str],
    maximum: float | None,
    unit: str,
) -> Markup:
    body, y = _title_lines(title, 20)
    # The legend: one swatch and name a series, in rows that fit the width.
    x, y = 8.0, y + 16
    for index, name in enumerate(series):
        size = 22 + 8 + text_width(name, 11) + 24
        if x + size > WIDTH and x > 8:
            x, y = 8.0, y + 18
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        body.append(f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="22" height="10" fill="{colour}"/>')
        body.append(_label(name, x + 30, y, 11))
        x += size
    labels = [wrapped(g.label) for g in groups]
    left = 8 + max((text_width(line, 11) for t in labels for line in t.split("\n")), default=0)
    left += 3.5 + 4  # the tick and the gap to its label
    top = y + 14
    count = max(len(series), 1)
    band = 18.0 * count  # each bar 18 px with its gap
    spans = [max(band, (t.count("\n") + 1) * 13.2 + 4) / 0.8 for t in labels]
    values = [v for g in groups for v in g.values if v is not None]
    peak = maximum or max(values, default=1) or 1
    texts = [value_text(v, unit) for g in groups for v in g.values]
    widest = max((text_width(t, 10) for t in texts), default=0)
    plot = WIDTH - 10 - left
    # Scale so the longest bar and its value both fit (15% headroom beyond the peak, as before).
    scale = min(plot / (peak * 1.15), (plot - widest - 6) / max(max(values, default=0), peak))
    bottom = top + sum(spans)
    ticks = [t for t in nice_ticks(peak) if t <= peak]
    for tick in ticks:
        tx = left + tick * scale
        text = f"{tick:g}%" if unit == "%" else value_text(tick, unit)
        body.append(
            f'<path d="M{_n(tx)} {_n(top)}V{_n(bottom)}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        body.append(f'<path d="M{_n(tx)} {_n(bottom)}v3.5" stroke="{TEXT}" stroke-width="0.8"/>')
        body.append(_label(text, tx, bottom + 15, 11, "middle"))
    group_top = top
    for group, text, span in zip(groups, labels, spans, strict=True):
        inner = span * 0.8
        bar = inner / count
        start = group_top + span * 0.1
        for index, value in enumerate(group.values):
            by = start + index * bar
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            name = series[index] if index < len(series) else ""
            shown = value_text(value, unit)
            if value:
                body.append(
                    f'<rect x="{_n(left)}" y="{_n(by)}" width="{_n(value * scale)}" '
                    f'height="{_n(bar * 0.9)}" fill="{colour}"><title>'
                    f"{escape(name)}: {escape(shown)}</title></rect>"
                )
            body.append(_label(shown, left + (value or 0) * scale + 4, by + bar * 0.45 + 3.5, 10))
        middle = start + inner / 2
        lines = text.count("\n") + 1
        body.append(f'<path d="M{_n(left)} {_n(middle)}h-3.5" stroke="{TEXT}" stroke-width="0.8"/>')
        body.extend(_lines(text, left - 7.5, middle - (lines - 1) * 6.6 + 4, 11, "end"))
        group_top += span
    body.append(
        f'<path d="M{_n(left)} {_n(top)}V{_n(bottom)}H{_n(WIDTH - 10)}" fill="none" '
        f'stroke="{TEXT}" stroke-width="0.8"/>'
    )
    description = (
        f"Bar chart of {len(groups)} measures, a bar each for {', '.join(series)}. "
        "The same figures are in the table."
    )
    return _svg_document(title, description, bottom + 26, body)


# Marker shapes (o s ^ D v P X *) as paths around (0, 0), about 4 px across.
_MARKER_PATHS = (
    "M-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0z",
    "M-2-2h4v4h-4z",
    "M0-2.4L2.2 1.6H-2.2z",
    "M0-2.6L2.6 0L0 2.6L-2.6 0z",
    "M0 2.4L2.2-1.6H-2.2z",
    "M-0.8-2.4h1.6v1.6h1.6v1.6h-1.6v1.6h-1.6v-1.6h-1.6v-1.6h1.6z",
    "M-2.2-1.4L-1.4-2.2L0-0.8L1.4-2.2L2.2-1.4L0.8 0L2.2 1.4L1.4 2.2L0 0.8L-1.4 2.2L-2.2 1.4"
    "L-0.8 0z",
    "M0-2.6L0.7-0.8L2.5-0.8L1.1 0.3L1.6 2.2L0 1.1L-1.6 2.2L-1.1 0.3L-2.5-0.8L-0.7-0.8z",
)


def _dasharray(style: Any, width: float) -> str:
    """matplotlib's dash pattern (scaled by the line width, as matplotlib scales it)."""
    if style == "solid":
        return ""
    return ",".join(_n(d * width) for d in style[1])


def _runs(points: Sequence[tuple[float, float | None]]) -> list[list[tuple[float, float]]]:
    """Unbroken runs of points: a missing value breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _line_svg(chart: LineChart) -> Markup:
    height = 331.0  # the PNG's 4.6 inches
    body, y = _title_lines(chart.title, 20)
    top = y + 6
    # The legend, right of the plot: the band first, then each line.
    entries: list[tuple[str, str]] = []
    if chart.band is not None:
        entries.append((chart.band.label, "band"))
    entries += [(wrapped(s.label, 40), str(i)) for i, s in enumerate(chart.series)]
    legend_width = max(
        (text_width(line, 10) for text, _k in entries for line in text.split("\n")), default=0
    )
    right = WIDTH - 8 - (legend_width + 36 if entries else 0)
    n = len(chart.x_labels)
    step = max(1, round(n / 8))
    ticks = list(range(0, n, step))
    tick_lines = max((wrapped(chart.x_labels[i], 9).count("\n") + 1 for i in ticks), default=1)
    bottom = height - 8 - tick_lines * 13.2 - 6
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.band is not None:
        values += [v for v in chart.band.upper if v is not None]
    values += [value for _label, value in chart.references]
    y_top = chart.maximum or (max(values, default=1) or 1) * 1.1
    y_ticks = [t for t in nice_ticks(y_top, 8) if t <= y_top]

    def y_text(v: float) -> str:
        return f"{v:g}%" if chart.unit == "%" else value_text(v, chart.unit)

    left = 8 + max((text_width(y_text(t), 11) for t in y_ticks), default=0) + 3.5 + 4
    if chart.y_label:
        left += 16
    plot_w, plot_h = right - left, bottom - top

    def px(index: float) -> float:
        if n <= 1:
            return left + plot_w / 2
        return left + plot_w * (index + 0.05 * (n - 1)) / (1.1 * (n - 1))

    def py(value: float) -> float:
        return bottom - plot_h * value / y_top

    for tick in y_ticks:
        ty = py(tick)
        body.append(
            f'<path d="M{_n(left)} {_n(ty)}H{_n(right)}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        body.append(f'<path d="M{_n(left)} {_n(ty)}h-3.5" stroke="{TEXT}" stroke-width="0.8"/>')
        body.append(_label(y_text(tick), left - 7.5, ty + 4, 11, "end"))
    for index in ticks:
        tx = px(index)
        body.append(f'<path d="M{_n(tx)} {_n(bottom)}v3.5" stroke="{TEXT}" stroke-width="0.8"/>')
        body.extend(_lines(wrapped(chart.x_labels[index], 9), tx, bottom + 15, 11, "middle"))
    if chart.y_label:
        middle = top + plot_h / 2
        body.append(
            f'<text x="16" y="{_n(middle)}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 16 {_n(middle)})">{escape(chart.y_label)}</text>'
        )
    if chart.band is not None:
        pairs = [
            (px(i), lo, hi)
            for i, (lo, hi) in enumerate(zip(chart.band.lower, chart.band.upper, strict=True))
        ]
        run: list[tuple[float, float, float]] = []
        for x, lo, hi in [*pairs, (0.0, None, None)]:
            if lo is not None and hi is not None:
                run.append((x, lo, hi))
                continue
            if run:
                outline = [(x1, py(h)) for x1, _l, h in run] + [
                    (x1, py(lo1)) for x1, lo1, _h in reversed(run)
                ]
                body.append(
                    f'<path d="M{"L".join(f"{_n(a)} {_n(b)}" for a, b in outline)}z" '
                    f'fill="{BAND_COLOUR}" fill-opacity="0.2"/>'
                )
                for edge in (1, 2):
                    body.append(
                        f'<path d="M{"L".join(f"{_n(p[0])} {_n(py(p[edge]))}" for p in run)}" '
                        f'fill="none" stroke="{BAND_COLOUR}" stroke-width="0.8"/>'
                    )
            run = []
    for index, line in enumerate(chart.series):
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        dashes = _dasharray(
            (0, (6, 3)) if line.dashed else LINE_DASHES[index % len(LINE_DASHES)], 2.2
        )
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        points = [(px(i), None if v is None else py(v)) for i, v in enumerate(line.values)]
        parts = []
        for run_points in _runs(points):
            if len(run_points) > 1:
                path = "L".join(f"{_n(a)} {_n(b)}" for a, b in run_points)
                parts.append(
                    f'<path d="M{path}" fill="none" stroke="{colour}" stroke-width="2.2"{dash}/>'
                )
            marker = _MARKER_PATHS[index % len(_MARKER_PATHS)]
            parts += [
                f'<path transform="translate({_n(a)} {_n(b)})" d="{marker}" fill="{colour}"/>'
                for a, b in run_points
            ]
        body.append(f"<g><title>{escape(line.label)}</title>{''.join(parts)}</g>")
    for label, value in chart.references:
        ry = py(value)
        body.append(
            f'<path d="M{_n(left)} {_n(ry)}H{_n(right)}" stroke="{REFERENCE_COLOUR}" '
            f'stroke-width="1.5" stroke-dasharray="3,4.5"/>'
        )
        # Right-aligned inside the plot, above its line, clear of the legend.
        body.append(_label(label, right - 2, ry - 3, 10, "end"))
    if chart.marker_at is not None:
        mx = px(chart.marker_at)
        body.append(
            f'<path d="M{_n(mx)} {_n(top)}V{_n(bottom)}" stroke="#505a5f" stroke-width="1" '
            f'stroke-dasharray="2,2"/>'
        )
        if mx + 4 + text_width("Today", 10) <= right:
            body.append(_label("Today", mx + 4, top + 10, 10))
        else:  # a marker at the right edge: its label goes to the left of the line
            body.append(_label("Today", mx - 4, top + 10, 10, "end"))
    body.append(
        f'<path d="M{_n(left)} {_n(top)}V{_n(bottom)}H{_n(right)}" fill="none" '
        f'stroke="{TEXT}" stroke-width="0.8"/>'
    )
    ly = top + 8
    for text, kind in entries:
        lx = right + 12
        if kind == "band":
            body.append(
                f'<rect x="{_n(lx)}" y="{_n(ly - 7)}" width="20" height="10" fill="{BAND_COLOUR}" '
                f'fill-opacity="0.2" stroke="{BAND_COLOUR}" stroke-width="0.8"/>'
            )
        else:
            index = int(kind)
            colour = LINE_COLOURS[index % len(LINE_COLOURS)]
            dashes = _dasharray(
                (0, (6, 3))
                if chart.series[index].dashed
                else LINE_DASHES[index % len(LINE_DASHES)],
                2.2,
            )
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            body.append(
                f'<path d="M{_n(lx)} {_n(ly - 2)}h20" stroke="{colour}" stroke-width="2.2"{dash}/>'
            )
            body.append(
                f'<path transform="translate({_n(lx + 10)} {_n(ly - 2)})" '
                f'd="{_MARKER_PATHS[index % len(_MARKER_PATHS)]}" fill="{colour}"/>'
            )
        body.extend(_lines(text, lx + 26, ly + 2, 10, "start"))
        ly += (text.count("\n") + 1) * 12 + 8
    description = (
        f"Line chart of {', '.join(s.label for s in chart.series)} for each of "
        f"{n} points from {chart.x_labels[0] if n else ''} to {chart.x_labels[-1] if n else ''}. "
        "The same figures are in the table."
    )
    return _svg_document(chart.title, description, height, body)


def grouped_bar_svg(
    title: str,
    groups: list[BarGroup],
    series: tuple[str, ...],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> Markup:
    """Horizontal grouped bars: one group per measure, one bar per series (year)."""
    return _bar_svg(title, groups, series, maximum, unit)


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
    return _line_svg(chart)


def line_chart_png(chart: LineChart) -> bytes:
    return _png(lambda: _line_figure(chart))
