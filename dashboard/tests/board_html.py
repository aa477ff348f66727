"""Reads a 数据看板 page as its reader and its charts do: each chart's json_script data and its table."""

from __future__ import annotations

import json
import re

from lxml import html

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def charts_of(body: str) -> dict[str, dict]:
    """chart id -> the data board.js plots (Chart.spec)."""
    tree = html.fromstring(body)
    return {
        element.get("data-chart").removeprefix("chart-data-"): json.loads(
            tree.get_element_by_id(element.get("data-chart")).text_content()
        )
        for element in tree.xpath("//*[@data-chart]")
    }


def tables_of(body: str) -> dict[str, dict]:
    """chart id -> {"caption", "headers", "rows": [(row header, [(cell text, link or None)])]}."""
    tree = html.fromstring(body)
    tables = {}
    for table in tree.xpath("//table[@data-chart-table]"):
        rows = []
        for tr in table.xpath("./tbody/tr[th]"):
            cells = [(td.text_content().strip(), (td.xpath(".//a/@href") or [None])[0]) for td in tr.xpath("./td")]
            rows.append((tr.xpath("./th")[0].text_content().strip(), cells))
        tables[table.get("data-chart-table")] = {
            "caption": table.xpath("./caption")[0].text_content().strip(),
            "headers": [th.text_content().strip() for th in table.xpath("./thead/tr/th")],
            "rows": rows,
        }
    return tables


def cell_number(text: str) -> float | None:
    """The number a table cell shows (None for 未设预算 and —)."""
    match = NUMBER.match(text)
    return float(match.group()) if match else None


def assert_charts_equal_tables(body: str) -> int:
    """Every chart's series equal its table's columns, row by row; returns how many numbers were compared."""
    charts, tables = charts_of(body), tables_of(body)
    assert charts and set(charts) == set(tables)
    compared = 0
    for chart_id, spec in charts.items():
        table = tables[chart_id]
        assert [s["name"] for s in spec["series"]] == table["headers"][1:], chart_id
        assert len(table["rows"]) == len(spec["categories"]), chart_id
        for j, series in enumerate(spec["series"]):
            for i, value in enumerate(series["data"]):
                shown = cell_number(table["rows"][i][1][j][0])
                assert shown == (None if value is None else float(value)), (chart_id, series["name"], i)
                compared += 1
    return compared
