/* The Benford chart: observed share per leading digit as bars, the expected share as a line. */
(function () {
  var node = document.getElementById("benford-data");
  var el = document.getElementById("benford-chart");
  if (!node || !el || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var font = { fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' };
  var pct = function (v) { return (v * 100).toFixed(2) + "%"; };
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    textStyle: font, animation: false, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    legend: { top: 0, data: ["实际占比", "本福特预期"] },
    tooltip: { trigger: "axis", valueFormatter: pct },
    xAxis: { type: "category", data: data.digits.map(function (d) { return String(d.digit); }) },
    yAxis: { type: "value", axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + "%"; } } },
    series: [
      { name: "实际占比", type: "bar", data: data.digits.map(function (d) { return d.observed; }), itemStyle: { color: "#1A73E8" } },
      { name: "本福特预期", type: "line", data: data.digits.map(function (d) { return d.expected; }), itemStyle: { color: "#C5221F" } }
    ]
  });
  document.querySelectorAll(".chart-fallback").forEach(function (t) { t.hidden = true; });
  window.addEventListener("resize", function () { chart.resize(); });
})();
