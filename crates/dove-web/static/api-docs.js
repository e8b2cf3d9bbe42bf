// Starts the self-hosted API reference (Swagger UI) on /api/docs.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("swagger");
  window.SwaggerUIBundle({ url: el.dataset.spec, domNode: el, deepLinking: true });
});
