// GOV.UK Frontend's JavaScript for the components Convivial's pages use, and no
// other: bundled and minified by scripts/build_assets.mjs into
// dist/govuk-frontend.mjs (the whole bundle's initAll also carried the accordion,
// tabs, header, exit this page and password input, which no page shows).
// A page that starts using another component with JavaScript needs it added here.
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
} from "govuk-frontend";

// The two largest are files of their own (a third of this one's weight), fetched only
// by a page that has one.
const ON_DEMAND = {
  "govuk-character-count": () => import("/static/dist/govuk-character-count.mjs"),
  "govuk-file-upload": () => import("/static/dist/govuk-file-upload.mjs"),
};

export function initAll() {
  for (const Component of [
    Button,
    Checkboxes,
    ErrorSummary,
    NotificationBanner,
    Radios,
    ServiceNavigation,
    SkipLink,
  ]) {
    createAll(Component);
  }
  for (const [module, load] of Object.entries(ON_DEMAND)) {
    if (document.querySelector(`[data-module="${module}"]`)) load().then((m) => m.initAll());
  }
}
