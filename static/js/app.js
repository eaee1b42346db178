// gpleadership's only script besides htmx: no inline scripts anywhere (the CSP forbids them).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("nhsuk-frontend-supported");
}
initAll();

// A refused form (422) or a lost race (409) comes back as the section re-rendered with the
// message: swap it in like a success.
document.addEventListener("htmx:beforeSwap", (event) => {
  if ([409, 422].includes(event.detail.xhr.status)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// <button data-print> prints the page.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// <button data-copy="#id"> copies that element's text; its label says it worked.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value ?? source.textContent);
    button.textContent = button.dataset.copied || "Copied";
  } catch {
    button.textContent = "Select the text and copy it";
  }
});

// Fields shown only for one choice: <div data-show-when="name=value"> (shown without JS).
function syncConditionalFields(root = document) {
  root.querySelectorAll("[data-show-when]").forEach((box) => {
    const [name, value] = box.dataset.showWhen.split("=");
    const chosen = document.querySelector(
      `input[name="${name}"]:checked, select[name="${name}"]`,
    );
    const hasError = box.querySelector(".nhsuk-error-message");
    box.hidden = !hasError && (!chosen || !value.split("|").includes(chosen.value));
  });
}
document.addEventListener("change", () => syncConditionalFields());
document.addEventListener("htmx:afterSwap", () => syncConditionalFields());
syncConditionalFields();
