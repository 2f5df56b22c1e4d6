/* duban: small behaviours shared by every page. Tables with class "sortable" sort by a header click. */
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
  // Behaviours live here rather than in on* attributes: the Content-Security-Policy runs no inline script.
  document.querySelectorAll(".navtoggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  document.querySelectorAll("[data-select-on-click]").forEach(function (input) {
    input.addEventListener("click", function () { input.select(); });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
