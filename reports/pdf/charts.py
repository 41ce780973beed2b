"""Charts as SVG drawn on the server: WeasyPrint embeds them as vector graphics, so a
report needs no browser and its charts stay sharp when printed.

Bars are SVG; labels and values are HTML text beside them. WeasyPrint's SVG text
shapes Thai letter by letter (marks fall off their base letters as dotted circles),
while HTML text goes through the whole Thai pipeline (shaping, line breaks, text layer).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

COLOURS = {
    "on_track": "#2e7d32",
    "at_risk": "#f9a825",
    "off_track": "#c62828",
    "no_data": "#9e9e9e",
    "bar": "#1f4e79",
}


@dataclass
class Bar:
    label: str
    value: Decimal | float | int | None
    text: str  # printed at the end of the bar
    colour: str = COLOURS["bar"]
    svg: str = ""


def bar_svg(
    fraction: float,
    *,
    colour: str,
    reference: float | None = None,
    width: float = 100,
    height: float = 10,
) -> str:
    """One bar, ``fraction`` (0–1) of the width, with an optional dashed reference line."""
    fraction = max(0.0, min(fraction, 1.0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" width="100%" height="{height}pt">',
        f'<rect x="0" y="1" width="{width * fraction:.2f}" height="{height - 2}" fill="{colour}"/>',
    ]
    if reference is not None:
        x = width * max(0.0, min(reference, 1.0))
        parts.append(
            f'<line x1="{x:.2f}" y1="0" x2="{x:.2f}" y2="{height}" stroke="#444" '
            f'stroke-width="0.6" stroke-dasharray="1.5,1"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bars(
    bars: list[Bar],
    *,
    scale_max: float | None = None,
    reference: float | None = None,
    label_width: str = "30%",
) -> SafeString:
    """A horizontal bar chart: an HTML table of label, SVG bar and value."""
    values = [float(bar.value) for bar in bars if bar.value is not None]
    top = float(scale_max or max([*values, reference or 0, 1]))
    for bar in bars:
        fraction = float(bar.value or 0) / top if top else 0
        bar.svg = mark_safe(
            bar_svg(fraction, colour=bar.colour, reference=(reference / top) if reference else None)
        )
    return mark_safe(
        render_to_string("reports/pdf/_bar_chart.html", {"bars": bars, "label_width": label_width})
    )
