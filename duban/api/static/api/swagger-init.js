/* Starts Swagger UI on /api/docs; signed-in calls from the page carry the CSRF token. */
(function () {
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var token = document.body.getAttribute("data-csrf-token");
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  if (token) {
    config.requestInterceptor = function (req) { req.headers["X-CSRFToken"] = token; return req; };
  }
  SwaggerUIBundle(config);
})();
