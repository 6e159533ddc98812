"""A scale as a small picture of the numbers over time: inline SVG, no script, no fonts
fetched, readable in black and white (each rater has its own line style and the number
is written at every point), with a text equivalent for screen readers.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .filters import format_date

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 40, 20, 20, 70
DASHES = ("", "6 4", "2 3", "10 3 2 3", "1 6", "12 6")


def scale_picture(points: list[dict], raters: list[tuple[str, str]], *, title: str, ident: str):
    """``points``: oldest first, each ``{"date": iso or "", "scores": {rater: 0-10}}``.
    ``raters``: (rater id, name shown) in legend order. Returns Markup, or "" if no score."""
    raters = [(r, name) for r, name in raters if any(r in p["scores"] for p in points)]
    if not raters:
        return Markup("")
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = len(points)

    def x(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y(score: float) -> float:
        return TOP + plot_h * (10 - score) / 10

    parts = []
    for score in (0, 5, 10):
        parts.append(
            f'<line x1="{LEFT}" y1="{y(score):.1f}" x2="{WIDTH - RIGHT}" y2="{y(score):.1f}" '
            'stroke="#b1b4b6" stroke-width="1"></line>'
            f'<text x="{LEFT - 8}" y="{y(score) + 4:.1f}" text-anchor="end" '
            f'font-size="12">{score}</text>'
        )
    for i, point in enumerate(points):
        label = format_date(point["date"]) if point["date"] else "Now"
        anchor = "middle" if n == 1 or 0 < i < n - 1 else ("start" if i == 0 else "end")
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" '
            f'font-size="12">{escape(label)}</text>'
        )
    for k, (rater, name) in enumerate(raters):
        dash = DASHES[k % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        coords = [
            (x(i), y(p["scores"][rater])) for i, p in enumerate(points) if rater in p["scores"]
        ]
        if len(coords) > 1:
            pts = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
            parts.append(
                f'<polyline points="{pts}" fill="none" stroke="#0b0c0c" '
                f'stroke-width="2"{dash_attr}></polyline>'
            )
        for i, p in enumerate(points):
            if rater in p["scores"]:
                cx, cy = x(i), y(p["scores"][rater])
                parts.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#0b0c0c"></circle>'
                    f'<text x="{cx + 7 + 14 * (k % 3):.1f}" y="{cy - 6:.1f}" font-size="12">'
                    f"{p['scores'][rater]}</text>"
                )
        lx = LEFT + (k % 3) * (plot_w / 3)
        ly = HEIGHT - BOTTOM + 38 + (k // 3) * 16
        parts.append(
            f'<line x1="{lx:.1f}" y1="{ly - 4}" x2="{lx + 28:.1f}" y2="{ly - 4}" stroke="#0b0c0c" '
            f'stroke-width="2"{dash_attr}></line>'
            f'<text x="{lx + 34:.1f}" y="{ly}" font-size="12">{escape(name)}</text>'
        )
    description = "; ".join(
        (format_date(p["date"]) if p["date"] else "now")
        + ": "
        + ", ".join(f"{name} {p['scores'][r]}" for r, name in raters if r in p["scores"])
        for p in points
    )
    return Markup(  # noqa: S704 - every value put in is escaped, a number or an id
        f'<svg class="cv-scale-picture" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">Scores out of 10 over time. {escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
