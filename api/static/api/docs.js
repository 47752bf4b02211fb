"use strict";

// Starts Swagger UI on the API documentation page. A file rather than an inline script, which
// the Content Security Policy refuses; the page gives the schema's address and the CSRF token
// (for "Try it out" with the signed-in session) as data attributes.
(() => {
  const root = document.getElementById("swagger-ui");
  const { schemaUrl, csrfHeader, csrfToken } = root.dataset;
  window.ui = SwaggerUIBundle({
    url: schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: (request) => {
      if (!["GET", undefined].includes(request.method) && request.credentials === "same-origin") {
        request.headers[csrfHeader] = csrfToken;
      }
      return request;
    },
  });
})();
