// Progressive enhancement only: every page works without this file.
// The timeout warning runs where base.html renders its dialog (signed-in pages).
import "/static/js/session-timeout.mjs";
import { enhancePage } from "/static/js/enhance.mjs";

enhancePage();
