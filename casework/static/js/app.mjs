// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/dist/govuk-frontend.mjs";
import { clearAllDrafts } from "/static/js/drafts.mjs";
// The timeout warning runs where base.html renders its dialog (signed-in pages).
import "/static/js/session-timeout.mjs";

initAll();
// MOJ Frontend (a third of the JavaScript) only where an MOJ component is on the page:
// lists with "add another" on recording screens.
if (document.querySelector('[data-module^="moj-"]')) {
  import("/static/dist/moj-frontend.mjs").then(({ initAll: initMoj }) => initMoj());
}

// Answers kept on this device belong to the person signed in: signing out, from any
// page, clears them.
document.querySelector("form.convivial-sign-out")?.addEventListener("submit", clearAllDrafts);
if (window.location.pathname === "/signed-out") clearAllDrafts();
