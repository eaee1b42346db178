"""The results bar chart's geometry, rendered as SVG by priorities/_chart.html (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

# Drawn 400 units wide and shown at most 32rem wide: 15-unit text reads like body text on a
# desktop and stays legible on a phone. Labels sit above their bars so long titles fit.
BAR_HEIGHT = 24
GAP = 12
WIDTH = 400
BAR_AREA = 350
LABEL_CHARACTERS = 48


def short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    place: str
    score: float
    y: int
    text_y: int
    width: float
    value_x: float


def bar_chart(rows, *, title: str) -> dict:
    bars = []
    y = 0
    for row in rows:
        width = round(BAR_AREA * row.bar / 100, 1)
        bars.append(
            Bar(
                label=short(row.priority.title),
                place=row.standing.place_label,
                score=row.score,
                y=y + 20,
                text_y=y + 15,
                width=max(width, 1.0),
                value_x=max(width, 1.0) + 6,
            )
        )
        y += 20 + BAR_HEIGHT + GAP
    described = "; ".join(
        f"{row.standing.place_label}. {row.priority.title}: {row.score:g}" for row in rows
    )
    return {
        "title": title,
        "desc": f"Bar chart of scores, highest first. {described}.",
        "width": WIDTH,
        "height": max(y, 40),
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }
