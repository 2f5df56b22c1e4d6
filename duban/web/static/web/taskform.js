/* The task form: a button adds one more empty row of milestones or targets (the form already has
   a few empty rows, so it works without this file). */
(function () {
  document.querySelectorAll("button.add-row").forEach(function (button) {
    var body = document.getElementById(button.getAttribute("data-rows")).tBodies[0];
    button.hidden = false;
    button.addEventListener("click", function () {
      var row = body.rows[body.rows.length - 1].cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      body.appendChild(row);
      row.querySelector("input").focus();
    });
  });
})();
