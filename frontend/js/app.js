// Progressive enhancement only: every page works without this file.
import { initAll } from "../govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Warn before leaving a form that has unsaved changes (forms opt in with data-warn-unsaved).
for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
  let dirty = false;
  form.addEventListener("change", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}
