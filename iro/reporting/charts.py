"""The reports' charts come from the one chart implementation, `iro.core.charts` (matplotlib):
inline SVG for pages and the PDF, PNG for Word."""

from iro.core.charts import (
    BarGroup,
    LineChart,
    LineSeries,
    grouped_bar_png,
    grouped_bar_svg,
    line_chart_svg,
    value_text,
)

__all__ = [
    "BarGroup",
    "LineChart",
    "LineSeries",
    "grouped_bar_png",
    "grouped_bar_svg",
    "line_chart_svg",
    "value_text",
]
