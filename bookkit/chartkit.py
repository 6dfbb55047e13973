"""The chart shapes the chapters draw again and again, so that a chapter says *what* to plot in a few lines
and the look (mark sizes, rules, tooltips, widths) is set here once.

    bk.tips("country:N|Country", "value:Q|% of GDP|.2f")      # tooltips from compact specs
    bk.fit(chart, height=300) / bk.fit(chart, step=15)         # container width, fixed height or row step
    bk.ranked_bars(frame, "change", "country", ...)            # one bar per row, longest first
    bk.dumbbell(frame, "value", "country", "year", ...)        # dots per category joined by a grey line
    bk.timeline(frame, "date", "category", ...)                # dated events, one row per category, essay marker
    bk.reference_rule(2.0) / bk.essay_marker()                 # the dashed guideline and the essay's date

Every shape returns an unsized Altair chart: layer more on it with `+`, size the whole with `bk.fit`, and pass it
to `bk.figure`.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from bookkit import book, theme

DATE_FORMAT = "%d %b %Y"


def tips(*specs: str) -> list[alt.Tooltip]:
    """Tooltips from "field:type|Title|format" (title and format optional); dates read '6 Jan 2026'."""
    out = []
    for spec in specs:
        field, title, fmt = (spec.split("|") + ["", ""])[:3]
        if not fmt and field.endswith(":T"):
            fmt = DATE_FORMAT
        out.append(alt.Tooltip(field, title=title or field.split(":")[0], **({"format": fmt} if fmt else {})))
    return out


def fit(chart, height: int = 300, step: int | None = None, **props):
    """The chart at the page's width, with a fixed height or (for one row per item) a height per row."""
    return chart.properties(width="container", height=alt.Step(step) if step else height, **props)


def colors(domain: list[str], palette: list[str]) -> alt.Scale:
    """A colour scale that ties each category to one colour, whatever the data hold."""
    return alt.Scale(domain=list(domain), range=list(palette))


def reference_rule(value: float, axis: str = "y", color: str = theme.REFERENCE) -> alt.Chart:
    """The dashed rule every chart uses for a guideline or benchmark (NATO's 2 %, a national target)."""
    return alt.Chart().mark_rule(strokeDash=[4, 4], color=color).encode(**{axis: alt.datum(value)})


def essay_marker(date: str = book.ESSAY_DATE, label: str = "essay", color: str = theme.ESSAY) -> alt.LayerChart:
    """A dashed vertical rule and label at the essay's date on a temporal x axis."""
    year, month, day = (int(part) for part in date[:10].split("-"))
    # A DateTime, not the ISO string: Vega-Lite places a string datum on a temporal axis at its start.
    x = alt.X(datum=alt.DateTime(year=year, month=month, date=day), type="temporal")
    rule = alt.Chart().mark_rule(strokeDash=[4, 4], color=color).encode(x=x)
    text = alt.Chart().mark_text(align="left", dx=4, dy=-6, color=color).encode(
        x=x, y=alt.value(0), text=alt.datum(label))
    return rule + text


def ranked_bars(frame: pd.DataFrame, x: str, y: str, *, x_title: str, tooltip: list, color=None,
                sort="-x") -> alt.Chart:
    """Horizontal bars, one per row of `frame`, sorted by value (largest first unless `sort` says otherwise)."""
    enc = dict(x=alt.X(f"{x}:Q", title=x_title), y=alt.Y(f"{y}:N", sort=sort, title=None), tooltip=tooltip)
    if color is not None:
        enc["color"] = color
    return alt.Chart(frame).mark_bar().encode(**enc)


def dumbbell(frame: pd.DataFrame, x: str, y: str, category: str, *, x_title: str, order: list[str],
             palette: list[str], tooltip: list, shapes: list[str] | None = None, size: int = 70,
             x_scale: alt.Scale | None = None) -> alt.LayerChart:
    """One row per item (`y`, in `order`), a dot per category (`category`, coloured from `palette`) joined by a
    grey line: two years of one measure, or two measures of one year."""
    domain = list(dict.fromkeys(frame[category]))
    yy = alt.Y(f"{y}:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    link = alt.Chart(frame).mark_line(color=theme.MUTED, strokeWidth=1.5).encode(x=f"{x}:Q", y=yy, detail=f"{y}:N")
    enc = dict(x=alt.X(f"{x}:Q", title=x_title, **({"scale": x_scale} if x_scale else {})), y=yy,
               color=alt.Color(f"{category}:N", title=None, scale=colors(domain, palette)), tooltip=tooltip)
    if shapes:
        enc["shape"] = alt.Shape(f"{category}:N", title=None, scale=alt.Scale(domain=domain, range=shapes))
    return link + alt.Chart(frame).mark_point(size=size, filled=True, opacity=1).encode(**enc)


def spread_dots(base: alt.Chart, x: alt.X, y: alt.Y, **encodings) -> alt.LayerChart:
    """One row per item (`y`): a grey line from the item's lowest to its highest value and a dot for each value,
    coloured or shaped by `encodings` (survey waves, or vintages of one figure). `base` may carry a filter."""
    field = x.to_dict()["field"]
    spread = base.mark_rule(color=theme.MUTED, strokeWidth=2).encode(
        y=y, x=alt.X(f"min({field}):Q"), x2=alt.X2(f"max({field})"))
    return spread + base.mark_point(size=110, filled=True, opacity=1).encode(y=y, x=x, **encodings)


def timeline(frame: pd.DataFrame, x: str, y: str, *, color: alt.Color, tooltip: list, size: int = 150,
             shape: alt.Shape | None = None, axis_format: str | None = "%b %Y", months: int | None = None,
             y_sort: list[str] | None = None, y_axis: bool = True, labels: str | None = None, essay: bool = True,
             select: alt.Parameter | None = None) -> alt.LayerChart:
    """Dated events as dots, one row per `y` value, with the essay's date marked. `select`: a legend selection
    that dims the other categories; `months`: one axis tick every so many months; `labels`: a field written
    above each dot; `y_axis=False` for rows that only keep dots apart (lanes)."""
    ticks = {"tickCount": {"interval": "month", "step": months}} if months else {}
    ticks |= {"format": axis_format} if axis_format else {}
    yy = alt.Y(f"{y}:{'N' if y_axis else 'O'}", title=None, **({"sort": y_sort} if y_sort else {}),
               **({} if y_axis else {"axis": None}))  # sort=None would mean data order, not ascending
    enc = dict(x=alt.X(f"{x}:T", title=None, scale=alt.Scale(padding=14), axis=alt.Axis(**ticks)),
               y=yy, color=color, tooltip=tooltip)
    if shape is not None:
        enc["shape"] = shape
    dots = alt.Chart(frame).mark_point(size=size, filled=True).encode(**enc)
    if select is not None:
        dots = dots.encode(opacity=alt.condition(select, alt.value(0.95), alt.value(0.12))).add_params(select)
    layers = [essay_marker()] if essay else []
    layers.append(dots)
    if labels:
        layers.append(alt.Chart(frame).mark_text(dy=-14, fontSize=11).encode(x=f"{x}:T", y=yy, text=f"{labels}:N"))
    return alt.layer(*layers)


def hover_lines(frame: pd.DataFrame, x: str, y: str, key: str, *, y_title: str, tooltip: list,
                color: str = theme.MUTED) -> alt.LayerChart:
    """Thin lines, one per `key`, the one under the pointer brought forward with a dot and its tooltip."""
    hover = alt.selection_point(fields=[key], on="pointerover", nearest=True, empty=False)
    base = alt.Chart(frame).encode(x=alt.X(x, title=None), y=alt.Y(f"{y}:Q", title=y_title), detail=f"{key}:N")
    lines = base.mark_line(color=color, strokeWidth=1.2).encode(
        opacity=alt.condition(hover, alt.value(1), alt.value(0.45)))
    points = base.mark_point(size=40, filled=True, color=theme.HIGHLIGHT).encode(
        opacity=alt.condition(hover, alt.value(1), alt.value(0)), tooltip=tooltip).add_params(hover)
    return lines + points


def year_lines(frame: pd.DataFrame, y: str, color: alt.Color, *, y_title: str, tooltip: list, size: int = 60,
               y_scale: alt.Scale | None = None, select: alt.Parameter | None = None, dim: float = 0.2,
               dot_opacity: float | None = 1, **line) -> alt.LayerChart:
    """One line per `color` category over the years (an ordinal axis), with a dot at each year; lines and dots
    carry `tooltip`. `select`: a legend selection that dims the other lines to `dim`; `dot_opacity`: None keeps the
    theme's point opacity; `line`: options of the line mark (e.g. strokeDash=[4, 3] for lines that only join sparse
    published points)."""
    yy = alt.Y(f"{y}:Q", title=y_title, **({"scale": y_scale} if y_scale else {}))
    base = alt.Chart(frame).encode(x=alt.X("year:O", title=None), y=yy, color=color, tooltip=tooltip)
    if select is not None:
        base = base.encode(opacity=alt.condition(select, alt.value(1), alt.value(dim)))
    dots = {"size": size, "filled": True, **({} if dot_opacity is None else {"opacity": dot_opacity})}
    chart = base.mark_line(**line) + base.mark_point(**dots)
    return chart.add_params(select) if select is not None else chart


def range_bands(base: alt.Chart, group: str, unit: str, *, color: alt.Color, select: alt.Parameter,
                value: str = "value", x: str = "year:O", fmt: str = ".2f", count_title: str = "Countries"
                ) -> alt.LayerChart:
    """For each `x` and `group` of `base` (a chart with x encoded): a shaded band from the lowest to the highest
    `value` and a line with dots through the median, so a group's spread shows as well as its middle. `select` (a
    legend selection on `group`) dims the other groups; the line's tooltip gives median, range and count."""
    dim = lambda on, off: alt.condition(select, alt.value(on), alt.value(off))  # opacity: selected group or not
    x_field = x.split(":")[0]
    stats = base.transform_aggregate(median=f"median({value})", low=f"min({value})", high=f"max({value})",
                                     n="count()", groupby=[x_field, group]).encode(color=color)
    band = stats.mark_area().encode(y=alt.Y("low:Q", title=unit), y2="high:Q", opacity=dim(0.22, 0.04))
    line = stats.mark_line(point=True).encode(y="median:Q", opacity=dim(1, 0.2), tooltip=tips(
        f"{group}:N|{group.capitalize()}", f"{x}|{x_field.capitalize()}", f"median:Q|Median, {unit}|{fmt}",
        f"low:Q|Lowest|{fmt}", f"high:Q|Highest|{fmt}", f"n:Q|{count_title}")).add_params(select)
    return band + line


def pair_matrix(frame: pd.DataFrame, a: str, b: str, event: str, summary: str, *, order: list[str],
                count_title: str, titles: tuple[str, str, str], scheme: str = "blues") -> alt.Chart:
    """A matrix of items (`a` down, `b` across, both in `order`) with one cell per pair that shares events, coloured
    by how many distinct `event`s they share; the tooltip shows one event's `summary` (titles: a, b, that summary).
    The row under the pointer stays bright, the others dim, so one item's ties can be read across."""
    hover = alt.selection_point(fields=[a], on="pointerover", empty=True)
    return alt.Chart(frame[[event, a, b, summary]]).transform_aggregate(
        steps=f"distinct({event})", what=f"values({summary})", groupby=[a, b]
    ).transform_calculate(first_step=f"datum.what[0].{summary}").mark_rect(stroke="white").encode(
        x=alt.X(f"{b}:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y(f"{a}:N", sort=order, title=None),
        color=alt.Color("steps:Q", title=count_title, scale=alt.Scale(scheme=scheme),
                        legend=alt.Legend(orient="right", direction="vertical")),
        opacity=alt.condition(hover, alt.value(1), alt.value(0.35)),
        tooltip=tips(f"{a}:N|{titles[0]}", f"{b}:N|{titles[1]}", f"steps:Q|{count_title}",
                     f"first_step:N|{titles[2]}"),
    ).add_params(hover)


def picked_line(base: alt.Chart, field: str, y: str, *, label: str, color: str, tooltip: list,
                none: str = "(none)", name: str = "pick") -> tuple[alt.Chart, alt.Chart]:
    """A dropdown (`label`; options: `none` and every `field` value in `base`'s data) that draws the chosen item's own
    dashed line and dots over a chart that summarises groups, e.g. one country over its group's median. Returns the
    line (which carries the dropdown) and the dots, to layer in that order."""
    pick = alt.param(name=name, value=none, bind=alt.binding_select(
        options=[none] + sorted(base.data[field].unique()), name=label))
    one = base.transform_filter(getattr(alt.datum, field) == pick).encode(y=f"{y}:Q")
    line = one.mark_line(color=color, strokeDash=[5, 3], strokeWidth=1.6).add_params(pick)
    return line, one.mark_point(color=color, size=45).encode(tooltip=tooltip)


def range_dots(frame: pd.DataFrame, low: str, high: str, y: str, *, x_title: str, color: alt.Color, tooltip: list,
               order: list[str] | None = None, size: int = 90, width: int = 8) -> alt.LayerChart:
    """One row per item (`y`, in `order`): a thick bar from `low` to `high` with a dot at each end, for published
    ranges (a point estimate is a range whose ends coincide, so it shows as one dot)."""
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{y}:N", title=None, **({"sort": order} if order else {}), axis=alt.Axis(labelLimit=320)),
        color=color, tooltip=tooltip)
    bar = base.mark_rule(strokeWidth=width).encode(x=alt.X(f"{low}:Q", title=x_title), x2=f"{high}:Q")
    ends = [base.mark_point(size=size, filled=True).encode(x=f"{end}:Q") for end in (low, high)]
    return alt.layer(bar, *ends)


def labelled_rules(frame: pd.DataFrame, y: str, label: str, *, tooltip: list, color: str = theme.REFERENCE,
                   dash: list[int] | None = None) -> alt.LayerChart:
    """A dashed horizontal rule at each row's `y` value, with the row's `label` written above it at the left: several
    published benchmarks drawn over one chart (`reference_rule` draws a single unlabelled one)."""
    rules = alt.Chart(frame).mark_rule(strokeDash=dash or [4, 4], color=color).encode(y=f"{y}:Q", tooltip=tooltip)
    texts = alt.Chart(frame).mark_text(align="left", x=4, dy=-6, color=color).encode(y=f"{y}:Q", text=f"{label}:N")
    return rules + texts


def share_grids(frame: pd.DataFrame, panel: str, x: str, y: str, *, order: list[str], tooltip: list,
                columns: int = 3) -> alt.ConcatChart:
    """Small heat maps of shares (0-100 %), one per `panel` value in `order`: `y` as rows (the same rows in every
    panel), `x` as columns, each cell coloured on one shared scale and its value written in it; a blank cell is
    a share nobody published."""
    rows = sorted(frame[y].unique())

    def grid(title):
        base = alt.Chart(frame[frame[panel] == title]).encode(
            x=alt.X(f"{x}:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
            y=alt.Y(f"{y}:N", title=None, sort="ascending", scale=alt.Scale(domain=rows)))
        heat = base.mark_rect(stroke="white", strokeWidth=1.5).encode(
            color=alt.Color("value:Q", title="% of respondents", scale=alt.Scale(scheme="blues", domain=[0, 100])),
            tooltip=tooltip)
        text = base.mark_text(fontSize=11).encode(text=alt.Text("value:Q", format=".0f"), color=alt.condition(
            alt.datum.value > 55, alt.value("white"), alt.value("#1f2933")))
        return (heat + text).properties(title=alt.TitleParams(title, fontSize=12, fontWeight=500),
                                        width=alt.Step(54), height=alt.Step(14))

    shown = [title for title in order if title in set(frame[panel])]
    return alt.concat(*map(grid, shown), columns=columns, spacing=14).resolve_scale(color="shared")


def panels(charts: dict, *, width: int, height: int) -> alt.HConcatChart:
    """Small charts side by side, each titled by its key and all of one size, each with its own colour legend (the
    panels show different measures, so one shared colour scale would merge their legends)."""
    sized = [chart.properties(width=width, height=height, title=title) for title, chart in charts.items()]
    return alt.hconcat(*sized).resolve_scale(color="independent")


def event_lanes(frame: pd.DataFrame, color_field: str = "category", *, labels: str | None = None, lanes: int = 3,
                size: int = 140, palette: list[str] = theme.PALETTE) -> alt.LayerChart:
    """Dated events (the `date`, `summary` and `source_publisher` columns of the events tables) as a timeline whose
    dots take turns on `lanes` unlabelled rows, which only keep close dates apart; coloured by `color_field`, with
    `labels` written above the dots, the essay's date marked and the event in the tooltip."""
    spread = frame.assign(lane=[i % lanes for i in range(len(frame))])
    return timeline(spread, "date", "lane", y_axis=False, labels=labels, size=size,
                    color=alt.Color(f"{color_field}:N", title=None, scale=alt.Scale(range=palette)),
                    tooltip=tips("date:T|Date", "summary:N|Event", "source_publisher:N|Source"))


def slider(name: str, value: float, low: float, high: float, step: float, label: str) -> alt.Parameter:
    """A chart parameter the reader sets with a range slider (`label` in front of it), for expressions of the chart
    that use `name`: interactivity stays in the page, which has no kernel. Add it with `.add_params`."""
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=label))
