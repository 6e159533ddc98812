// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/dist/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/dist/moj-frontend.min.js";
import { clearAllDrafts } from "/static/js/drafts.mjs";

initAll();
// MOJ Frontend's "add another" and sortable tables on caseworker screens.
initMoj();

// Answers kept on this device belong to the person signed in: signing out, from any
// page, clears them.
document.querySelector("form.convivial-sign-out")?.addEventListener("submit", clearAllDrafts);
if (window.location.pathname === "/signed-out") clearAllDrafts();
