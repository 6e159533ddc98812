// What every page's script adds to the server's HTML: GOV.UK Frontend's components, MOJ
// Frontend's where the page has one, and forgetting answers kept on this device when
// someone signs out. Progressive enhancement only: every page works without it.
import { initAll } from "/static/dist/govuk-frontend.mjs";
import { clearAllDrafts } from "/static/js/drafts.mjs";

export function enhancePage() {
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
}

// `callback` once the page as the server sent it is on screen: after the next frame is
// drawn. A module script runs as soon as the page is parsed, in the same task, so work
// done then holds back the first complete picture of a long form; work done after the
// frame does not. A hidden page draws no frames, and a browser may hold frames back, so
// it never waits longer than a moment.
export function afterPaint(callback) {
  let done = false;
  const run = () => done || ((done = true), callback());
  requestAnimationFrame(() => setTimeout(run));
  setTimeout(run, document.hidden ? 0 : 250);
}
