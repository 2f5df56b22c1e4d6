/* duban: small behaviours shared by pages. Tables with class "sortable" sort by a header click. */
(function () {
  function cellValue(row, i) {
    var cell = row.cells[i];
    var raw = cell.getAttribute("data-sort") || cell.textContent.trim();
    var n = parseFloat(raw.replace("%", ""));
    return isNaN(n) ? raw : n;
  }
  function sortBy(table, i, th) {
    var body = table.tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, i), y = cellValue(b, i);
      var r = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "zh");
      return asc ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }
  document.querySelectorAll("table.sortable thead th").forEach(function (th, i) {
    th.tabIndex = 0;
    th.style.cursor = "pointer";
    var table = th.closest("table");
    th.addEventListener("click", function () { sortBy(table, i, th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(table, i, th); } });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
