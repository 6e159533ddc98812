// The designer's preview: the same live rules practitioners get, on answers that are
// never saved, so a working group sees a condition work as they try it.
import { applyRules } from "/static/js/rules.mjs";

const form = document.querySelector(".convivial-preview form");
if (form) {
  const apply = () => applyRules(form);
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
}
