// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/dist/govuk-frontend.min.js";

initAll();
