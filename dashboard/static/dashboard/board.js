/* The 数据看板's charts: each [data-chart] element names the json_script holding its data (dashboard/charts.py,
   Chart.spec). The same numbers are in the table under each chart. Charts follow the window's width. */
(function () {
  "use strict";

  // ECharts' nine colours and five more: a county's funnel has thirteen statuses, each its own colour.
  var PALETTE = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4",
    "#ea7ccc", "#2f4554", "#c23531", "#6e7074", "#d48265", "#1f7a8c"];

  function build(spec, narrow) {
    // Many names under a vertical chart (the 16 counties and parks) are turned so that they do not overlap.
    var turned = !spec.horizontal && (narrow || spec.categories.length > 8);
    var category = {
      type: "category",
      data: spec.categories,
      inverse: spec.horizontal,
      axisLabel: { interval: 0, width: spec.horizontal ? (narrow ? 72 : 180) : (turned ? 96 : 200), overflow: "truncate", rotate: turned ? 40 : 0 },
    };
    var values = [{ type: "value", name: spec.unit, minInterval: spec.unit === "件" || spec.unit === "个" ? 1 : 0 }];
    if (spec.right_unit) {
      values.push({ type: "value", name: spec.right_unit, minInterval: 1, splitLine: { show: false } });
    }
    var series = spec.series.map(function (s) {
      var one = { name: s.name, type: s.kind, data: s.data, emphasis: { focus: "series" } };
      if (s.stack) { one.stack = s.stack; }
      if (spec.horizontal) { one.xAxisIndex = s.axis; } else { one.yAxisIndex = s.axis; }
      return one;
    });
    return {
      animation: false,
      color: PALETTE,
      // Drawn on the canvas, not as HTML: the Content-Security-Policy refuses the inline styles of HTML tooltips.
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      legend: { type: "scroll", top: 0, left: 0, right: 0 },
      grid: { left: 4, right: 8, top: narrow ? 84 : 64, bottom: 4, containLabel: true },
      xAxis: spec.horizontal ? values : category,
      yAxis: spec.horizontal ? category : values,
      series: series,
    };
  }

  function start() {
    if (!window.echarts) { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(build(spec, element.clientWidth < 600));
      charts.push({ chart: chart, spec: spec, element: element });
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (one) {
        one.chart.setOption(build(one.spec, one.element.clientWidth < 600), { replaceMerge: ["series"] });
        one.chart.resize();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
