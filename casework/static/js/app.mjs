// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/dist/govuk-frontend.min.js";
import { initAll as initMoj } from "/static/dist/moj-frontend.min.js";

initAll();
// MOJ Frontend's "add another" and sortable tables on caseworker screens.
initMoj();
