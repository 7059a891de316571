"""The health trend as an inline SVG line chart with the health bands shaded."""

from __future__ import annotations

from html import escape

from assistant.briefs.model import TrendPoint

WIDTH = 560
HEIGHT = 200
_PAD_LEFT = 40
_PAD_RIGHT = 16
_PAD_Y = 20
_BAND_COLOURS = {"green": "#e3f4e6", "yellow": "#fdf5d8", "red": "#fbe3e1"}
_DOT_COLOURS = {"green": "#2e7d32", "yellow": "#b58900", "red": "#c62828"}


def _y(score: float) -> float:
    inner = HEIGHT - 2 * _PAD_Y
    return _PAD_Y + inner * (1 - score / 100.0)


def trend_svg(points: list[TrendPoint], green_from: float, yellow_from: float) -> str:
    """An accessible SVG (title, labelled axes); a text note when nothing is scored."""
    scored = [p for p in points if p.score is not None]
    if not scored:
        return '<p class="muted">No health trend: the account has no usage yet.</p>'
    step = (WIDTH - _PAD_LEFT - _PAD_RIGHT) / max(1, len(points) - 1)
    xs = {p.day: _PAD_LEFT + i * step for i, p in enumerate(points)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="trend-title">',
        '<title id="trend-title">Health score over time</title>',
    ]
    bands = [
        ("green", 100.0, green_from),
        ("yellow", green_from, yellow_from),
        ("red", yellow_from, 0.0),
    ]
    for name, top, bottom in bands:
        parts.append(
            f'<rect x="{_PAD_LEFT}" y="{_y(top):.1f}" '
            f'width="{WIDTH - _PAD_LEFT - _PAD_RIGHT}" '
            f'height="{_y(bottom) - _y(top):.1f}" fill="{_BAND_COLOURS[name]}"/>'
        )
    for tick in (0, yellow_from, green_from, 100):
        parts.append(
            f'<text x="{_PAD_LEFT - 6}" y="{_y(tick) + 4:.1f}" font-size="10" '
            f'text-anchor="end" fill="#555">{tick:g}</text>'
        )
    path = " ".join(f"{xs[p.day]:.1f},{_y(p.score or 0.0):.1f}" for p in scored)
    parts.append(
        f'<polyline points="{path}" fill="none" stroke="#1f4e79" stroke-width="2"/>'
    )
    for p in scored:
        x, y = xs[p.day], _y(p.score or 0.0)
        colour = _DOT_COLOURS.get(p.band, "#555")
        label = escape(f"{p.day.isoformat()}: {p.score:.1f} ({p.band})")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
            f"<title>{label}</title></circle>"
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle">'
            f"{p.score:.1f}</text>"
        )
    for p in points:
        parts.append(
            f'<text x="{xs[p.day]:.1f}" y="{HEIGHT - 4}" font-size="10" '
            f'text-anchor="middle" fill="#555">{p.day.isoformat()[5:]}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
