// GOV.UK Frontend's file upload, fetched by govuk-frontend.mjs only on a page with one.
import { FileUpload, createAll } from "govuk-frontend";

export function initAll() {
  createAll(FileUpload);
}
