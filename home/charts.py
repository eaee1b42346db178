"""The dashboard's charts: one table of numbers each, drawn as SVG bars and offered as CSV.

The geometry follows priorities/charts.py (labels above the bars, 400 units wide, no
JavaScript); the same table feeds the chart, its text alternative and the CSV download.
The bars' markup is written here rather than in a template loop: a year has a bar for each
of 230 decisions, and three elements of seven values a bar cost the template ~2,700 lookups
and number formats a view, more than the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from priorities.charts import BAR_AREA, BAR_HEIGHT, GAP, WIDTH, short


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    header: list[str]
    rows: list[list]
    bars: list[tuple[str, float, str]]  # label, value, the value as shown
    percent: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    text_y: int
    width: float
    value_x: float


def svg_geometry(table: Table) -> dict:
    top = 100 if table.percent else max((value for _, value, _ in table.bars), default=0)
    # Leave room right of the longest bar for its value (about 8 units a character).
    room = max((len(text) for _, _, text in table.bars), default=0) * 8 + 6
    area = min(BAR_AREA, max(WIDTH - room, 150))
    bars = []
    y = 0
    for label, value, text in table.bars:
        width = max(round(area * value / top, 1) if top else 0, 1.0)
        bars.append(Bar(short(label), text, y + 20, y + 15, width, width + 6))
        y += 20 + BAR_HEIGHT + GAP
    described = "; ".join(f"{label}: {text}" for label, _, text in table.bars)
    return {
        "title": table.title,
        "desc": f"Bar chart. {described or 'No data in this period'}.",
        "width": WIDTH,
        "height": max(y, 40),
        "bar_height": BAR_HEIGHT,
        "bars": bars,
        "bars_svg": bars_svg(bars, BAR_HEIGHT),
    }


def bars_svg(bars: list[Bar], bar_height: int) -> SafeString:
    """Each bar's label, bar and value as SVG elements (numbers written as str() writes them,
    which is what the template's localisation gives in en-GB without thousand separators)."""
    if not bars:
        return mark_safe(
            '\n  <text x="0" y="24" font-size="15" fill="#4c6272">Nothing in this period</text>\n  '
        )
    return mark_safe(
        "".join(
            f'\n  <text x="0" y="{bar.text_y}" font-size="15" fill="#212b32">'
            f"{conditional_escape(bar.label)}</text>"
            f'\n  <rect x="0" y="{bar.y}" width="{bar.width}" height="{bar_height}"'
            ' fill="#005eb8"></rect>'
            f'\n  <text x="{bar.value_x}" y="{bar.y + 17}" font-size="14" fill="#212b32">'
            f"{conditional_escape(bar.text)}</text>\n  "
            for bar in bars
        )
    )


def _count_table(slug, title, rows, label_heading, value_heading) -> Table:
    return Table(
        slug=slug,
        title=title,
        header=[label_heading, value_heading],
        rows=[[r["name"], r["n"]] for r in rows],
        bars=[(r["name"], r["n"], str(r["n"])) for r in rows],
    )


def _share_table(slug, title, rows, label_heading, value_heading) -> Table:
    return Table(
        slug=slug,
        title=title,
        header=[label_heading, value_heading, "Share (%)"],
        rows=[[r["name"], r["n"], r["share"]] for r in rows],
        bars=[(r["name"], r["share"], f"{r['share']}% ({r['n']})") for r in rows],
        percent=True,
    )


# The part of the dashboard's figures each chart is drawn from (home.dashboard.dashboard_part),
# so that a chart's CSV download computes only that part.
CHART_PARTS = {
    "requests-by-partner": "requests",
    "requests-by-route": "requests",
    "meeting-time": "meeting_time",
    "voting": "engagement",
    "acknowledgements": "decisions",
    "engagement-by-pcn": "engagement",
    "representation": "representation",
}


def dashboard_tables(figures: dict) -> dict[str, Table]:
    """The charts' tables in the page's order, each one whose figures are given."""
    requests = figures.get("requests")
    engagement = figures.get("engagement", {})
    tables = []
    if requests is not None:
        tables += [
            _count_table(
                "requests-by-partner",
                "Requests received by partner",
                requests["by_partner"],
                "Partner",
                "Requests",
            ),
            _count_table(
                "requests-by-route",
                "Requests received by route",
                requests["by_route"],
                "Route",
                "Requests",
            ),
        ]
    if "meeting_time" in figures:
        tables.append(
            _share_table(
                "meeting-time",
                "Leadership meeting time",
                figures["meeting_time"]["rows"],
                "Business",
                "Minutes",
            )
        )
    if "rounds" in engagement:
        tables.append(
            Table(
                slug="voting",
                title="Practices voting in each round",
                header=["Round", "Practices voted", "Practices", "Share (%)"],
                rows=[
                    [r.title, r.voted, engagement["practices"], r.share]
                    for r in engagement["rounds"]
                ],
                bars=[(r.title, r.share, f"{r.share}% ({r.voted})") for r in engagement["rounds"]],
                percent=True,
            )
        )
    if "decisions" in engagement:
        decisions = engagement["decisions"]
        tables.append(
            Table(
                slug="acknowledgements",
                title="Practices acknowledging each decision",
                header=["Decision", "Acknowledged", "Practices", "Share (%)"],
                rows=[[d.title, d.seen, d.practices, d.share] for d in decisions],
                bars=[(d.title, d.share, f"{d.share}% ({d.seen})") for d in decisions],
                percent=True,
            )
        )
    if "by_pcn" in engagement:
        tables.append(
            Table(
                slug="engagement-by-pcn",
                title="Practice engagement by PCN",
                header=["PCN", "Practices", "Voting share (%)", "Acknowledging share (%)"],
                rows=[
                    [p["name"], p["practices"], p["voting_share"], p["acknowledging_share"]]
                    for p in engagement["by_pcn"]
                ],
                bars=[
                    (
                        p["name"],
                        p["voting_share"],
                        f"{p['voting_share']}% voted, {p['acknowledging_share']}% acknowledged",
                    )
                    for p in engagement["by_pcn"]
                ],
                percent=True,
            )
        )
    if "representation" in figures:
        tables.append(
            _share_table(
                "representation",
                "Representation coverage of system meetings",
                figures["representation"]["rows"],
                "Measure",
                "Meetings",
            )
        )
    return {table.slug: table for table in tables}
