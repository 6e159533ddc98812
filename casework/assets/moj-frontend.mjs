// MOJ Frontend's JavaScript for the one MOJ component with behaviour that a page
// uses ("add another", lists on recording screens): bundled and minified by
// scripts/build_assets.mjs into dist/moj-frontend.mjs, imported by app.mjs only on a
// page that has one.
import { AddAnother } from "@ministryofjustice/frontend";
import { createAll } from "govuk-frontend";

export { AddAnother };

export function initAll() {
  createAll(AddAnother);
}
