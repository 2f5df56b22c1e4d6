/* The battle map's charts (ECharts), in the light colours; every bar and point opens its list. */
(function () {
  var node = document.getElementById("battlemap-data");
  var toggle = document.getElementById("bigscreen-toggle");
  var charts = [];
  if (toggle) {
    var setBig = function (on) {
      document.body.classList.toggle("bigscreen", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      try { localStorage.setItem("duban-bigscreen", on ? "1" : ""); } catch (e) { /* private mode */ }
      setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 50);
    };
    toggle.addEventListener("click", function () {
      var on = !document.body.classList.contains("bigscreen");
      setBig(on);
      if (on && document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen().catch(function () {}); }
      if (!on && document.fullscreenElement) { document.exitFullscreen(); }
    });
    if (location.search.indexOf("big=1") >= 0) { setBig(true); }
  }
  if (!node || !window.echarts) { return; }
  document.querySelectorAll(".chart-fallback").forEach(function (el) { el.hidden = true; });
  var data = JSON.parse(node.textContent);
  var C = { red: "#C5221F", yellow: "#B06000", green: "#137333", none: "#9aa0a6" };
  var WORD = { red: "红", yellow: "黄", green: "绿", none: "无" };
  var font = { fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' };
  function make(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    charts.push(chart);
    return chart;
  }
  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  // Days off as grey bands behind the bars: holidays plain; ordinary weekends fainter, and only on a
  // short axis, where they are wide enough to read rather than stripe the whole chart.
  var DAY = 86400000, WEEKENDS_UP_TO_DAYS = 120;
  function offdayBands(runs, day, span) {
    var weekends = span <= WEEKENDS_UP_TO_DAYS * DAY;
    return { silent: true, data: runs.filter(function (r) { return r.holiday || weekends; }).map(function (r) {
      return [{ xAxis: day(r.from), itemStyle: { color: r.holiday ? "rgba(95,99,104,0.16)" : "rgba(95,99,104,0.06)" } },
        { xAxis: day(r.to) + DAY }];
    }) };
  }
  // A tooltip is HTML: every name in it was typed by someone (a liaison names its milestones), so it
  // is escaped here, whatever the server already did.
  var esc = function (v) { return echarts.format.encodeHTML(v == null ? "" : String(v)); };
  function go(p) { if (p.data && p.data.url) { location.href = p.data.url; } }

  var overdue = make("chart-overdue");
  if (overdue) {
    overdue.setOption({
      textStyle: font, animation: false, grid: { left: 110, right: 30, top: 10, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.overdue.map(function (d) { return d.name; }) },
      series: [{ type: "bar", data: data.overdue.map(function (d) { return { value: d.value, url: d.url }; }),
        itemStyle: { color: C.red }, label: { show: true, position: "right", formatter: "{c}项" } }],
      tooltip: { formatter: function (p) { return esc(p.name) + "：逾期" + esc(p.value) + "项"; } }
    });
    overdue.on("click", go);
  }

  var gantt = make("chart-gantt");
  if (gantt && data.gantt.length) {
    var rows = data.gantt;
    var day = function (s) { return new Date(s + "T00:00:00").getTime(); };
    var cal = readJSON("gantt-calendar") || {};
    var bars = rows.map(function (r, i) {
      return { value: [i, day(r.start), day(r.end)], url: r.url, name: r.name, reason: r.reason, label: r.label,
        itemStyle: { color: C[r.color] } };
    });
    var points = [];
    rows.forEach(function (r, i) {
      r.milestones.forEach(function (m) {
        points.push({ value: [day(m.date), i], name: m.name, url: r.url, done: m.done,
          itemStyle: { color: m.done ? C.green : "#fff", borderColor: "#202124", borderWidth: 1 } });
      });
    });
    gantt.setOption({
      textStyle: font, animation: false, grid: { left: 230, right: 30, top: 30, bottom: 30 },
      tooltip: { formatter: function (p) {
        if (p.seriesIndex === 0) { return esc(p.data.name) + "<br>" + esc(p.data.label) + "：" + esc(p.data.reason); }
        return "节点「" + esc(p.data.name) + "」" + (p.data.done ? "已完成" : "未完成");
      } },
      xAxis: { type: "time", position: "top", splitLine: { show: true, lineStyle: { color: "#eee" } },
        min: cal.from ? day(cal.from) : null, max: cal.to ? day(cal.to) + DAY : null },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return WORD[r.color] + " " + r.name; }),
        axisLabel: { width: 220, overflow: "truncate" } },
      series: [{
        type: "custom", encode: { x: [1, 2], y: 0 }, data: bars,
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.5;
          return { type: "rect", shape: { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 2), height: h },
            style: api.style() };
        },
        markLine: { symbol: "none", silent: true, lineStyle: { color: "#1A73E8", type: "solid", width: 2 },
          label: { formatter: "今天" }, data: [{ xAxis: day(data.today) }] },
        markArea: offdayBands(cal.offdays || [], day, cal.from ? day(cal.to) - day(cal.from) : 0)
      }, {
        type: "scatter", symbol: "diamond", symbolSize: 11, data: points, z: 5
      }]
    });
    gantt.on("click", go);
  }

  var trend = make("chart-trend");
  if (trend) {
    var series = ["red", "yellow", "green"].map(function (c) {
      return { name: WORD[c] + "灯", type: "line", symbolSize: 8, itemStyle: { color: C[c] }, lineStyle: { color: C[c], width: 3 },
        label: { show: true, position: "top" }, data: data.trend.map(function (w) { return { value: w[c], url: "/tasks/?light=" + c }; }) };
    });
    trend.setOption({
      textStyle: font, animation: false, legend: { top: 0 }, tooltip: { trigger: "axis" },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.trend.map(function (w) { return w.label; }) },
      yAxis: { type: "value", minInterval: 1 }, series: series
    });
    trend.on("click", go);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
