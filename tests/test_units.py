"""Unit tests below the full build: the toolkit a chapter calls (prose, rows, chart kit, figures), the claim
fragments, the ledger counts and the cache key. Each runs in milliseconds and names what broke."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import bookkit as bk
from bookkit import book, chartkit, claims, execute, figures, manifest, options, pages, prose
from conftest import ROOT

NATO = bk.load("nato_defence_expenditure")
PL_2024 = bk.pick(NATO, series="nato_defexp_share_gdp", geo="PL", year=2024)


@pytest.fixture
def chapter_record(tmp_path, monkeypatch):
    """A chapter's record started in a scratch folder, as the build does (meta and figure files go there)."""
    monkeypatch.setenv("BOOK_META_DIR", str(tmp_path / "meta"))
    monkeypatch.setenv("BOOK_STATIC_DIR", str(tmp_path / "static"))
    bk.setup("autonomy")
    yield tmp_path
    manifest.start(None)


def test_names_and_dates_read_as_prose():
    assert [prose.names_list(x) for x in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
    assert prose.country_names(["EE", "PL", "RO"]) == "Estonia, Poland and Romania"
    assert prose.long_date("2025-11-29") == "29 November 2025" and prose.short_date("2026-01-06") == "6 Jan 2026"
    assert [prose.count_noun(n, "country", "countries") for n in (0, 1, 3, 12)] == \
        ["no countries", "one country", "three countries", "12 countries"]


def test_pick_and_latest_select_rows_by_value_or_list():
    both = bk.pick(NATO, series="nato_defexp_share_gdp", geo=["PL", "EE"], year=2024)
    assert sorted(both["geo"]) == ["EE", "PL"]
    latest = bk.latest(NATO, series="nato_defexp_share_gdp", geo="PL")
    assert len(latest) == 1 and int(latest["year"].iloc[0]) == int(NATO[NATO.geo == "PL"]["year"].max())
    with pytest.raises(ValueError, match="no row matches"):
        bk.latest(NATO, series="no_such_series")


def test_a_glued_number_links_to_its_row_and_is_recorded(chapter_record):
    datum = bk.number("pl_share", PL_2024["value"].iloc[0], PL_2024, fmt="{:.2f}")
    assert datum.text == f"{PL_2024['value'].iloc[0]:.2f}"
    assert datum.href == f"../pages/data.html#{prose.row_anchor('nato_defexp_share_gdp', 'PL', 2024)}"
    several = bk.number("n", 2, bk.pick(NATO, series="nato_defexp_share_gdp", year=2024), fmt="{:d}")
    assert several.href.endswith("#series-nato_defexp_share_gdp")
    meta = json.loads((chapter_record / "meta" / "autonomy.json").read_text())
    assert [n["key"] for n in meta["numbers"]] == ["pl_share", "n"]


def test_a_number_without_a_traceable_row_is_refused(chapter_record):
    with pytest.raises(ValueError, match="number 'x': no data rows given"):
        bk.number("x", 1.0, PL_2024.iloc[0:0])
    with pytest.raises(ValueError, match="number 'x': value is missing"):
        bk.number("x", float("nan"), PL_2024)
    with pytest.raises(ValueError, match="is not a row of the data package"):
        bk.number("x", 1.0, PL_2024.assign(year=1900))
    with pytest.raises(ValueError, match="no data row \\(and no wording"):
        bk.value("x", PL_2024.iloc[0:0])
    assert bk.value("x", PL_2024.iloc[0:0], missing="not published for this country") == "not published for this country"


def test_tooltips_from_compact_specs():
    tips = [t.to_dict() for t in chartkit.tips("country:N|Country", "value:Q|% of GDP|.2f", "date:T|Date", "year:O")]
    assert tips == [{"field": "country", "type": "nominal", "title": "Country"},
                    {"field": "value", "type": "quantitative", "title": "% of GDP", "format": ".2f"},
                    {"field": "date", "type": "temporal", "title": "Date", "format": "%d %b %Y"},
                    {"field": "year", "type": "ordinal", "title": "year"}]


def test_a_figure_is_numbered_and_refuses_rows_without_sources(chapter_record):
    import altair as alt
    chart = bk.fit(alt.Chart(PL_2024[["year", "value"]]).mark_bar().encode(x="year:O", y="value:Q"), height=100)
    bk.figure(chart, name="unit-test", title="T", takeaway="K", alt_text="A", rows=PL_2024)
    meta = json.loads((chapter_record / "meta" / "autonomy.json").read_text())
    assert [(f["number"], f["anchor"], f["rows"]) for f in meta["figures"]] == [("1.1", "fig-autonomy-unit-test", 1)]
    assert (chapter_record / "static" / "figures" / "autonomy" / "unit-test.csv").read_text() == \
        PL_2024.to_csv(index=False, lineterminator="\n")
    with pytest.raises(ValueError, match="figure 'bare': plotted rows lack source columns"):
        bk.figure(chart, name="bare", title="T", takeaway="K", alt_text="A", rows=PL_2024[["year", "value"]])
    with pytest.raises(ValueError, match="figure 'empty': no rows to plot"):
        bk.figure(chart, name="empty", title="T", takeaway="K", alt_text="A", rows=PL_2024.iloc[0:0])


CELL = """---
jupytext:
  text_representation: {{format_name: myst}}
---

```{{code-cell}} ipython3
---
tags: [remove-input]
sentences:
  spent: Poland spent {{share}} % of GDP in {{year}}.
  direction:
    rose: Spending rose by {{share}} %.
    fell: Spending fell by {{share}} %.
figures:
  pl-share:
{texts}
  pl-direction:
    title: Poland
    takeaway:
      rose: Up to {{share}} %.
      fell: Down to {{share}} %.
    alt_text: One bar.
---
x = 1
```
"""


def test_figure_texts_come_from_the_cell_options_and_are_filled_from_the_glue(chapter_record, monkeypatch):
    import altair as alt
    source = chapter_record / "chapter.md"
    source.write_text(CELL.format(texts="    title: Poland, {year}\n    takeaway: Poland spent {share} % of GDP.\n"
                                        "    alt_text: >-\n      Bar chart of Poland's share,\n      one bar."))
    monkeypatch.setenv("BOOK_SOURCE", str(source))
    assert options.written(source)["figures"]["pl-share"] == {
        "title": "Poland, {year}", "alt_text": "Bar chart of Poland's share, one bar.", "takeaway": "Poland spent {share} % of GDP."}
    bk.texts(year="2024")
    bk.value("share", PL_2024, "{:.2f}")
    chart = bk.fit(alt.Chart(PL_2024[["year", "value"]]).mark_bar().encode(x="year:O", y="value:Q"), height=100)
    bk.figure(chart, "pl-share", rows=PL_2024)
    meta = json.loads((chapter_record / "meta" / "autonomy.json").read_text())
    assert [(f["title"], f["takeaway"]) for f in meta["figures"]] == \
        [("Poland, 2024", f"Poland spent {PL_2024['value'].iloc[0]:.2f} % of GDP.")]
    bk.figure(chart, "pl-direction", rows=PL_2024, variant="fell")  # a part written in variants: the one asked
    assert json.loads((chapter_record / "meta" / "autonomy.json").read_text())["figures"][-1]["takeaway"] == \
        f"Down to {PL_2024['value'].iloc[0]:.2f} %."
    with pytest.raises(KeyError, match="figure 'pl-direction' takeaway: variant None asked, written: rose, fell"):
        bk.figure(chart, "pl-direction", rows=PL_2024)
    with pytest.raises(ValueError, match="'pl-share': texts given both in the call and in chapter.md's cell options"):
        bk.figure(chart, "pl-share", rows=PL_2024, title="T", takeaway="K", alt_text="A")
    with pytest.raises(ValueError, match="'other': no title, takeaway or alt text; write them under `figures: other:`"):
        bk.figure(chart, "other", rows=PL_2024)
    # sentences: the chosen variant, filled with the glued objects (a number keeps its link to its row)
    spent = bk.say("spent")
    assert repr(spent) == f"Poland spent {PL_2024['value'].iloc[0]:.2f} % of GDP in 2024."
    assert 'href="../pages/data.html#row-nato-defexp-share-gdp-pl-2024"' in spent._repr_html_()
    assert repr(bk.say("direction", "fell")).startswith("Spending fell by")
    assert repr(bk.say("direction", "rose", share="2.5")) == "Spending rose by 2.5 %."  # a part given in the call
    with pytest.raises(KeyError, match="sentence 'direction' \\(chapter.md\\): variant 'flat' asked, written: rose, fell"):
        bk.say("direction", "flat")
    with pytest.raises(KeyError, match="sentence 'other' \\(chapter.md\\): not written under `sentences:`"):
        bk.say("other")
    bad = chapter_record / "bad.md"
    bad.write_text(CELL.format(texts="    title: Poland\n    caption: Poland spent a lot."))
    with pytest.raises(ValueError, match=r"bad.md: figure 'pl-share': the cell's `figures` option needs exactly title, "
                                         r"takeaway, alt_text \(got \['caption', 'title'\]\)"):
        options.written(bad)


def test_a_reference_table_escapes_its_cells_and_links_each_row_to_its_source(monkeypatch):
    out = bk.table(pd.DataFrame({"Country": ["<b>Poland</b>"]}), "Notes", sources=PL_2024).data
    row = PL_2024.iloc[0]
    assert "<td>&lt;b&gt;Poland&lt;/b&gt;</td>" in out and "<th>Source</th>" in out
    assert f'<td><a href="{row.source_url}">{row.source_publisher}</a></td>' in out
    shown = []
    monkeypatch.setattr(figures, "display", shown.append)
    bk.no_figure("No <survey> figure")
    assert [h.data for h in shown] == ['<p class="figure-missing">No &lt;survey&gt; figure</p>']


def test_ledger_counts_add_up_to_the_claims_file():
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    counts = pages.ledger_counts()
    assert counts["n_claims"] == len(rows)
    for verdict in claims.VERDICT_LABELS:
        assert counts["n_" + verdict.replace(" ", "_")] == sum(r["verdict"] == verdict for r in rows), verdict
    assert counts["n_with_after_refs"] == sum(bool(r["after_refs"].strip()) for r in rows)


def test_a_changed_verdict_shows_its_history():
    history = bk.load("claims_history")
    moved = history.groupby("claim_id")["verdict"].nunique()
    claim_id = moved[moved > 1].index[0]
    claim = bk.load("claims").set_index("claim_id").loc[claim_id].to_dict() | {"claim_id": claim_id}
    fragment = claims.history_html(claim)
    assert "Verdict changed." in fragment and prose.short_date(claim["as_of"]) in fragment
    steady = moved[moved == 1].index[0]
    claim = bk.load("claims").set_index("claim_id").loc[steady].to_dict() | {"claim_id": steady}
    assert "Verdict changed." not in claims.history_html(claim)


def test_the_cache_key_follows_source_parameters_and_reads(tmp_path):
    def key(values, reads):
        folder = tmp_path / json.dumps([values, reads]).replace("/", "_")
        folder.mkdir(exist_ok=True)
        (folder / "meta.json").write_text(json.dumps({"reads": reads}))
        return execute.Chapter("autonomy", values, cache_dir=folder).key()

    base = key({"start_year": 2014}, ["data/geo.csv"])
    assert key({"start_year": 2014}, ["data/geo.csv"]) == base
    assert key({"start_year": 2015}, ["data/geo.csv"]) != base
    assert key({"start_year": 2014}, ["data/groups.csv"]) != base
    assert key({"start_year": 2014}, []) != base
    assert book.CACHE.name == "cache"


def test_the_essay_marker_sits_on_the_essay_date():
    """A DateTime datum, since Vega-Lite draws an ISO-string datum on a temporal axis at the axis start."""
    rule = chartkit.essay_marker().to_dict()["layer"][0]["encoding"]["x"]
    assert rule == {"datum": {"year": 2025, "month": 11, "date": 29}, "type": "temporal"}
    assert book.ESSAY_DATE == "2025-11-29"


def test_a_count_of_nothing_still_links_to_the_rows_searched(chapter_record):
    searched = bk.pick(NATO, series="nato_defexp_share_gdp", year=2024)
    none = searched[searched["value"] > 100]
    assert bk.count("n_over_100", none, searched).text == "0"
    assert bk.count("n_over_2", searched[searched["value"] >= 2], searched).href.endswith(
        "#series-nato_defexp_share_gdp")
    meta = json.loads((chapter_record / "meta" / "autonomy.json").read_text())
    assert [(n["key"], n["text"]) for n in meta["numbers"]] == [
        ("n_over_100", "0"), ("n_over_2", str(int((searched["value"] >= 2).sum())))]


def test_a_per_year_row_keeps_series_sources_and_counts_its_countries():
    rows = bk.pick(NATO, series="nato_defexp_share_gdp", geo=["PL", "EE"], year=[2023, 2024])
    out = bk.per_year(rows, "median", "median of {n} Allies", geo="MEDIAN")
    assert out["year"].tolist() == [2023, 2024] and set(out["geo"]) == {"MEDIAN"}
    assert out["value"].tolist() == [rows[rows.year == y]["value"].median() for y in (2023, 2024)]
    assert out["note"].tolist() == ["median of 2 Allies"] * 2 and set(out["series"]) == {"nato_defexp_share_gdp"}
    assert set(out["source_url"]) == set(rows["source_url"])


def test_a_figure_text_template_repeats_the_glued_text_or_names_what_is_missing(chapter_record):
    bk.number("pl_share", PL_2024["value"].iloc[0], PL_2024, fmt="{:.2f}")
    bk.text("first_year", "2014")
    assert prose.fill("Poland: {pl_share} % ({first_year})") == f"Poland: {PL_2024['value'].iloc[0]:.2f} % (2014)"
    with pytest.raises(KeyError, match="takeaway: {n_up} names nothing glued so far"):
        prose.fill("{n_up} rose", "takeaway")
    bk.setup("autonomy")
    with pytest.raises(KeyError, match="first_year"):
        prose.fill("{first_year}")


def test_first_last_and_a_statistic_glue_linked_values_or_the_missing_words(chapter_record):
    first, last = bk.first_last("pl", NATO, "{:.2f}", years=("pl_from", "pl_to"), series="nato_defexp_share_gdp",
                                geo="PL", year=[2014, 2024])
    rows = bk.pick(NATO, series="nato_defexp_share_gdp", geo="PL", year=[2014, 2024]).sort_values("year")
    assert (first.text, last.text) == tuple(f"{v:.2f}" for v in rows["value"])
    assert prose.fill("{pl_from}-{pl_to}") == "2014-2024"
    assert bk.statistic("med", rows, "median", "{:.3f}").text == f"{rows['value'].median():.3f}"
    assert bk.statistic("none", rows.iloc[0:0]) == "n/a"
    bk.numbers(rows.iloc[0:0], missing="0", n_a=1, n_b=2)
    assert prose.fill("{n_a}/{n_b}") == "0/0"


def test_row_parts_name_each_row_with_its_own_link(chapter_record):
    rows = bk.pick(NATO, series="nato_defexp_share_gdp", geo=["EE", "PL"], year=2024).sort_values("geo")
    parts = bk.row_parts(rows, "share_{geo}", "{:.1f}", before="{geo}: ", after=" %")
    assert [p if isinstance(p, str) else p.text for p in parts] == [
        "EE: ", f"{rows['value'].iloc[0]:.1f}", " %", "; ", "PL: ", f"{rows['value'].iloc[1]:.1f}", " %"]
    assert parts[1].href.endswith(prose.row_anchor("nato_defexp_share_gdp", "EE", 2024))


def test_small_data_helpers():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "value": [1.0, 2.5, 3.0], "value_low": [None, 2.0, None],
                          "value_high": [None, 3.0, None]})
    assert bk.month_year("2025-11-29") == "November 2025"
    assert bk.missing_in_run(["12", 14, 17, 15]) == [13, 16]
    assert prose.range_texts(frame).tolist() == ["1", "2–3", "3"]
    both = bk.labelled(frame, "id", {"c": ("C", "third"), "a": ("A", "first")}, ["name", "rank"])
    assert both[["id", "name", "rank"]].values.tolist() == [["a", "A", "first"], ["c", "C", "third"]]
    assert bk.renamed(frame, {"value": "Value", "id": "Id"}).columns.tolist() == ["Value", "Id"]


def test_every_chart_shape_is_a_valid_vega_lite_spec():
    import altair as alt
    years = pd.DataFrame({"year": [2014, 2014, 2024, 2024], "geo": ["EE", "PL", "EE", "PL"],
                          "group": ["g", "g", "g", "h"], "value": [1.9, 1.8, 3.4, 4.1],
                          "low": [1.0, 1.5, 2.0, 2.5], "high": [2.0, 2.5, 3.0, 3.5]})
    events = pd.DataFrame({"date": ["2025-12-01", "2026-02-01", "2026-03-01"], "summary": ["x", "y", "z"],
                           "source_publisher": ["P"] * 3, "category": ["a", "b", "a"], "a": ["EE", "PL", "EE"],
                           "b": ["PL", "EE", "PL"], "event_id": ["e1", "e2", "e3"]})
    color = alt.Color("group:N")
    shapes = {
        "hover_lines": chartkit.hover_lines(years, "year:O", "value", "geo", y_title="%", tooltip=[]),
        "year_lines": chartkit.year_lines(years, "value", color, y_title="%", tooltip=[]),
        "range_bands": chartkit.range_bands(alt.Chart(years).encode(x="year:O"), "group", "%", color=color,
                                            select=alt.selection_point(fields=["group"], bind="legend")),
        "range_dots": chartkit.range_dots(years, "low", "high", "geo", x_title="%", color=color, tooltip=[]),
        "labelled_rules": chartkit.labelled_rules(pd.DataFrame({"y": [2.0], "label": ["2 %"]}), "y", "label",
                                                  tooltip=[]),
        "panels": chartkit.panels({"A": alt.Chart(years).mark_line().encode(x="year:O", y="value:Q", color=color),
                                   "B": alt.Chart(years).mark_bar().encode(x="year:O", y="low:Q", color=color)},
                                  width=100, height=80),
        "event_lanes": chartkit.event_lanes(events, lanes=2),
        "pair_matrix": chartkit.pair_matrix(events, "a", "b", "event_id", "summary", order=["EE", "PL"],
                                            count_title="Steps", titles=("A", "B", "Event")),
        "slider": alt.Chart(years).mark_rule().encode(y="value:Q").add_params(
            chartkit.slider("target", 3.5, 1, 6, 0.1, "Target ")),
    }
    specs = {name: chart.to_dict() for name, chart in shapes.items()}  # to_dict validates against the schema
    assert [len(specs[n]["layer"]) for n in ("range_dots", "labelled_rules", "range_bands")] == [3, 2, 2]
    assert specs["panels"]["resolve"] == {"scale": {"color": "independent"}}
    assert [p["title"] for p in specs["panels"]["hconcat"]] == ["A", "B"]
    lanes = [[row["lane"] for row in rows] for rows in specs["event_lanes"]["datasets"].values() if "lane" in rows[0]]
    assert lanes == [[0, 1, 0]]
    assert specs["slider"]["params"][0]["bind"] == {"input": "range", "min": 1, "max": 6, "step": 0.1,
                                                    "name": "Target "}
