// GOV.UK Frontend's character count, fetched by govuk-frontend.mjs only on a page with one.
import { CharacterCount, createAll } from "govuk-frontend";

export function initAll() {
  createAll(CharacterCount);
}
