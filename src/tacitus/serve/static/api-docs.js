// Swagger UI from the vendored swagger-ui-dist package, on our own OpenAPI description.
"use strict";
const box = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({ url: box.dataset.spec, dom_id: "#swagger-ui", deepLinking: true });
