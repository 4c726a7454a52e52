"""Bar charts as inline SVG (for pages and the PDF) and PNG (for Word), drawn from plain data.

SVG uses presentation attributes only (the Content-Security-Policy forbids inline styles); every
chart is shown beside a table with the same figures, which is what screen-reader users read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from markupsafe import Markup, escape

# GOV.UK palette: blue, dark blue, light blue for three consecutive years.
SERIES_COLOURS = ("#b1b4b6", "#5694ca", "#1d70b8")
TEXT = "#0b0c0c"


@dataclass(frozen=True)
class BarGroup:
    label: str
    values: tuple[float | None, ...]


def grouped_bar_svg(
    title: str,
    groups: list[BarGroup],
    series: tuple[str, ...],
    *,
    maximum: float | None = None,
    unit: str = "",
) -> Markup:
    """Horizontal grouped bars: one group per measure, one bar per series (year)."""
    bar_height, gap, label_width, chart_width = 14, 10, 260, 360
    top = 24 + 18
    group_height = bar_height * len(series) + gap
    height = top + group_height * len(groups) + 10
    peak = maximum or max((v for g in groups for v in g.values if v is not None), default=1) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="iro-bar-chart" role="img" '
        f'width="{label_width + chart_width + 90}" height="{height}" '
        f'viewBox="0 0 {label_width + chart_width + 90} {height}" aria-label="{escape(title)}">',
        f'<text x="0" y="16" font-family="arial, sans-serif" font-size="16" font-weight="bold" '
        f'fill="{TEXT}">{escape(title)}</text>',
    ]
    x = label_width
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(
            f'<rect x="{x}" y="26" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{x + 16}" y="36" font-family="arial, sans-serif" font-size="12" '
            f'fill="{TEXT}">{escape(name)}</text>'
        )
        x += 110
    for g_index, group in enumerate(groups):
        y = top + g_index * group_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * len(series) / 2 + 4}" '
            f'text-anchor="end" font-family="arial, sans-serif" font-size="12" fill="{TEXT}">'
            f"{escape(_truncate(group.label, 40))}</text>"
        )
        for s_index, value in enumerate(group.values):
            colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
            width = 0 if value is None else max(1.0, chart_width * value / peak)
            bar_y = y + s_index * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{width:.1f}" '
                f'height="{bar_height - 2}" fill="{colour}"></rect>'
            )
            text = "no data" if value is None else f"{value:g}{unit}"
            parts.append(
                f'<text x="{label_width + width + 4:.1f}" y="{bar_y + bar_height - 4}" '
                f'font-family="arial, sans-serif" font-size="11" fill="{TEXT}">{text}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - its texts are escaped


def grouped_bar_png(
    title: str, groups: list[BarGroup], series: tuple[str, ...], *, maximum: float | None = None
) -> bytes:
    """The same chart as a PNG, for documents that cannot hold SVG (Word)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2
    bar_height, gap, label_width, chart_width = 14 * scale, 10 * scale, 260 * scale, 360 * scale
    top = 42 * scale
    group_height = bar_height * len(series) + gap
    width = label_width + chart_width + 90 * scale
    height = top + group_height * len(groups) + 10 * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11 * scale)
    bold = ImageFont.load_default(size=15 * scale)
    draw.text((0, 2 * scale), title, fill=TEXT, font=bold)
    peak = maximum or max((v for g in groups for v in g.values if v is not None), default=1) or 1
    x = label_width
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        draw.rectangle([x, 26 * scale, x + 12 * scale, 38 * scale], fill=colour)
        draw.text((x + 16 * scale, 26 * scale), name, fill=TEXT, font=font)
        x += 110 * scale
    for g_index, group in enumerate(groups):
        y = top + g_index * group_height
        label = _truncate(group.label, 40)
        text_width = draw.textlength(label, font=font)
        draw.text(
            (label_width - 8 * scale - text_width, y + bar_height * len(series) / 2 - 7 * scale),
            label,
            fill=TEXT,
            font=font,
        )
        for s_index, value in enumerate(group.values):
            colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
            bar = 0 if value is None else max(1.0, chart_width * value / peak)
            bar_y = y + s_index * bar_height
            if bar:
                draw.rectangle(
                    [label_width, bar_y, label_width + bar, bar_y + bar_height - 2 * scale],
                    fill=colour,
                )
            text = "no data" if value is None else f"{value:g}"
            draw.text((label_width + bar + 4 * scale, bar_y), text, fill=TEXT, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
