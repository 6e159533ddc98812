// Recording pages (records/section.html): live rules, autosave, and never losing work.
// Progressive enhancement: without this file the server renders and saves everything.

// The page's only script (base.html's page_script): what every page runs (app.mjs's
// parts, here run after the first paint), and the time spent on this section, come with
// it (the build bundles them into one file).
import "./session-timeout.mjs";
import { sendTimeBeforeSignOut } from "./timing.mjs";
import { Autosaver } from "./autosave.mjs";
import { clearAllDrafts, forgetOtherUsers, restoreEntries, typedBeforeStart } from "./drafts.mjs";
import { afterPaint, enhancePage } from "./enhance.mjs";

const form = document.querySelector("form[data-autosave]");
const status = form?.querySelector(".convivial-saved");

// Live rules only on a page that has one: elsewhere rules.mjs is never fetched.
let rules = null;
function loadRules() {
  if (!form.querySelector("[data-show-if], [data-required-if], [data-calculation]")) return;
  import("./rules.mjs").then((module) => {
    rules = module;
    rules.applyRules(form); // the answers as they are now, typed or restored meanwhile
  });
}

function timeOf(iso) {
  // saved_at is UTC without a zone (models.time.utcnow); show it in local time.
  const when = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(when.getTime())) return "";
  // en-GB's "HH:MM", without toLocaleTimeString: its first call loads locale data
  // (tens of ms on a slow phone), and the first save lands while someone is typing.
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

// A GOV.UK notification banner at the top of the page, replacing an earlier one of the
// same kind. role=alert because it appears while the person is typing.
function banner(kind, heading, ...body) {
  document.querySelector(`[data-convivial-banner="${kind}"]`)?.remove();
  const titleId = `convivial-${kind}-title`;
  const node = element(
    "div",
    {
      class: "govuk-notification-banner",
      role: "alert",
      "aria-labelledby": titleId,
      "data-convivial-banner": kind,
    },
    element(
      "div",
      { class: "govuk-notification-banner__header" },
      element("h2", { class: "govuk-notification-banner__title", id: titleId }, "Important"),
    ),
    element(
      "div",
      { class: "govuk-notification-banner__content" },
      element("p", { class: "govuk-notification-banner__heading" }, heading),
      ...body,
    ),
  );
  const column = form.closest(".govuk-grid-column-two-thirds") || form.parentElement;
  column.prepend(node);
  return node;
}

function signInHref() {
  return `/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}

// The signed-out banner while it is shown: each save removes it without searching the page.
let signedOutBanner = null;

function showSignedOut() {
  if (signedOutBanner?.isConnected) return;
  signedOutBanner = banner(
    "signed-out",
    "You have been signed out, so your latest answers are not saved yet",
    element(
      "p",
      { class: "govuk-body" },
      "Your answers are kept on this device. ",
      element(
        "a",
        // A new tab keeps this page, and everything typed on it, open (GOV.UK advice).
        { class: "govuk-notification-banner__link", href: signInHref(), target: "_blank" },
        "Sign in again (opens in a new tab)",
      ),
      ", then come back to this page: we will save them.",
    ),
  );
}

const STATES = {
  dirty: "Not saved yet",
  saving: "Saving…",
  retrying: "Not saved yet – trying again",
  signed_out: "Not saved yet – sign in again to save your answers",
  locked: "Not saved: this record has been submitted, so it cannot be changed",
  failed: "Not saved yet – your answers are kept on this device",
};

function showState(state, detail) {
  status.dataset.state = state;
  if (state === "saved") {
    status.textContent = detail?.saved_at ? `Saved at ${timeOf(detail.saved_at)}` : "Saved";
    signedOutBanner?.remove();
    signedOutBanner = null;
  } else if (state === "failed" && detail?.error === "unstorable" && detail.message) {
    // A pasted hidden character the server cannot keep: say what to do about it.
    status.textContent = `Not saved yet – ${detail.message}`;
  } else if (state !== "saving" || !status.textContent.startsWith("Not saved yet –")) {
    // Keep "trying again" on screen while retrying, rather than flickering.
    status.textContent = STATES[state] ?? STATES.dirty;
  }
  if (state === "signed_out") showSignedOut();
}

// --- conflicts: both versions, never one overwriting the other ----------------------

function labelOf(fieldId) {
  const wrapper = form.querySelector(`.convivial-field[data-field="${CSS.escape(fieldId)}"]`);
  const label = wrapper?.querySelector("legend, label, .moj-add-another__heading");
  return label?.textContent.trim().replace(/\s+/g, " ") || fieldId;
}

function describeValue(value) {
  if (value === null || value === undefined || value === "") return "Not answered";
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (typeof value === "object") {
    return Object.values(value)
      .filter((v) => v !== null && v !== "")
      .map(describeValue)
      .join(", ");
  }
  return String(value);
}

// Put a simple answer into its inputs; false for answers the inputs cannot take.
function setAnswer(fieldId, value) {
  const wrapper = form.querySelector(`.convivial-field[data-field="${CSS.escape(fieldId)}"]`);
  if (!wrapper) return false;
  const type = wrapper.dataset.type;
  const inputs = [...wrapper.querySelectorAll("input, textarea, select")];
  if (["text", "long_text", "number"].includes(type)) {
    inputs[0].value = value ?? "";
  } else if (type === "date") {
    const [year, month, day] = typeof value === "string" ? value.split("-") : ["", "", ""];
    const parts = { day: String(Number(day) || ""), month: String(Number(month) || ""), year: year || "" };
    for (const input of inputs) input.value = parts[input.name.split("-").pop()] ?? input.value;
  } else if (["yes_no", "single_choice", "multiple_choice", "person"].includes(type)) {
    const chosen = Array.isArray(value) ? value.map(String) : [String(value ?? "")];
    for (const input of inputs) {
      if (input.tagName === "SELECT") input.value = chosen[0];
      else input.checked = chosen.includes(input.value);
    }
  } else {
    return false;
  }
  form.dispatchEvent(new Event("input", { bubbles: true }));
  return true;
}

let conflictPanel = null;

function showConflicts(conflicts, saver) {
  if (!conflictPanel) {
    conflictPanel = element(
      "div",
      { class: "govuk-error-summary convivial-conflict-panel", "data-convivial-conflicts": "" },
      element(
        "div",
        { role: "alert" },
        element(
          "h2",
          { class: "govuk-error-summary__title" },
          "Someone else changed these answers while you were working",
        ),
        element(
          "div",
          { class: "govuk-error-summary__body" },
          element(
            "p",
            { class: "govuk-body" },
            "Your other answers were saved. For these, nothing was overwritten: choose which version to keep.",
          ),
          element("dl", { class: "govuk-summary-list convivial-conflicts" }),
        ),
      ),
    );
    form.closest(".govuk-grid-column-two-thirds").prepend(conflictPanel);
  }
  const list = conflictPanel.querySelector("dl");
  for (const [fieldId, both] of Object.entries(conflicts)) {
    list.querySelector(`[data-conflict="${CSS.escape(fieldId)}"]`)?.remove();
    const label = labelOf(fieldId);
    const done = (keepTheirs) => {
      if (keepTheirs) setAnswer(fieldId, both.theirs);
      row.remove();
      saver.resolve(fieldId);
      if (!list.children.length) {
        conflictPanel.remove();
        conflictPanel = null;
      }
    };
    const actions = element("dd", { class: "govuk-summary-list__actions" });
    const mine = element("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1" }, "Keep mine");
    mine.append(element("span", { class: "govuk-visually-hidden" }, ` for ${label}`));
    mine.addEventListener("click", () => done(false));
    actions.append(mine);
    if (["text", "long_text", "number", "date", "yes_no", "single_choice", "multiple_choice", "person"].includes(
      form.querySelector(`.convivial-field[data-field="${CSS.escape(fieldId)}"]`)?.dataset.type,
    )) {
      const theirs = element("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-1" }, "Use theirs");
      theirs.append(element("span", { class: "govuk-visually-hidden" }, ` for ${label}`));
      theirs.addEventListener("click", () => done(true));
      actions.append(" ", theirs);
    }
    const row = element(
      "div",
      { class: "govuk-summary-list__row", "data-conflict": fieldId },
      element("dt", { class: "govuk-summary-list__key" }, element("a", { href: `#${fieldId}` }, label)),
      element(
        "dd",
        { class: "govuk-summary-list__value" },
        element("strong", {}, "Yours: "),
        describeValue(both.yours),
        element("br"),
        element("strong", {}, "Saved by someone else: "),
        describeValue(both.theirs),
      ),
      actions,
    );
    list.append(row);
  }
  conflictPanel.querySelector("h2").scrollIntoView({ block: "nearest" });
}

// --- the page ------------------------------------------------------------------------

function start() {
  loadRules();
  forgetOtherUsers(form.dataset.user);
  const saver = new Autosaver(form, {
    onState: showState,
    onConflicts: (conflicts) => showConflicts(conflicts, saver),
  });
  // The saver took the answers on the page as the server's; these it sends whatever they
  // hold, and a copy kept on this device from before does not overwrite them.
  const typed = typedBeforeStart(saver.fields);

  const draft = Autosaver.pendingDraft(form);
  if (draft) {
    // Answers typed here before (a crash, an expired session, a server outage) that the
    // server never acknowledged: put them back, say so, and save them now.
    const fields = draft.fields?.filter((id) => !typed.has(id)); // older drafts: every field
    saver.extra = restoreEntries(form, draft.entries, fields);
    saver.recheck(form);
    form.elements.revision.value = String(draft.revision);
    // The very payload sent before (the same key) is a replay if the server has it.
    if (draft.key && JSON.stringify(saver.entries()) === JSON.stringify(draft.entries)) {
      saver.attempt = { entries: draft.entries, ids: saver.pendingIds(), key: draft.key };
    }
    rules?.applyRules(form);
    banner(
      "restored",
      "We restored answers you typed that had not been saved yet",
      element("p", { class: "govuk-body" }, "Check them; they are being saved now."),
    );
    saver.save();
  }

  for (const [id, input] of typed) {
    saver.forced.add(id);
    saver.changed(input);
  }

  // Each key re-reads only the field typed in: rules re-run only if one depends on it.
  const changed = (event) => {
    rules?.rulesChanged(form, event.target);
    saver.changed(event.target);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Leaving the page with answers unsaved (a link, closing the tab): one last try that
  // outlives the page. They are in localStorage too, whatever happens to this request.
  window.addEventListener("pagehide", () => saver.sendBeacon());

  // Back on the page (signed in again in another tab), or the network is back: retry now.
  const again = () => saver.retryNow();
  window.addEventListener("focus", again);
  window.addEventListener("online", again);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") again();
    else saver.keepLocally(); // hidden pages may be discarded: keep the last keys now
  });

  // The page's own buttons post everything; first let any autosave finish, so the two
  // never race and the post carries the latest revision and a fresh key.
  let submitting = false;
  form.addEventListener("submit", (event) => {
    if (submitting) return;
    if (conflictPanel) {
      // Posting now would quietly pick one version: ask for a choice first.
      event.preventDefault();
      conflictPanel.setAttribute("tabindex", "-1");
      conflictPanel.focus();
      return;
    }
    if (saver.idle()) {
      // Nothing unsaved, nothing in flight: the post carries it all. Should the session
      // have ended, the server can then say truthfully that every answer was saved.
      let mark = form.elements._autosaved;
      if (!mark) {
        mark = Object.assign(document.createElement("input"), { type: "hidden", name: "_autosaved" });
        form.append(mark);
      }
      mark.value = String(saver.revision);
      return;
    }
    event.preventDefault();
    const button = event.submitter;
    saver.flush().then((saved) => {
      // Unreachable or signed out: stay on the page, where the answers are safe and the
      // status and banner say what is happening.
      if (!saved) return;
      submitting = true;
      // Later, not now: a form ignores requestSubmit while its submit event is running.
      setTimeout(() => form.requestSubmit(button?.form === form ? button : undefined));
    });
  });

  // Signed out for being idle (session-timeout.mjs): tell the next page what is true.
  document.addEventListener("convivial:timed-out", (event) => {
    saver.keepLocally();
    event.detail.savedAt = saver.savedAt;
    event.detail.kept = saver.dirty() || saver.excluded.size > 0;
    saver.stop();
  });

  // Signing out on a shared computer: save what can be saved quickly, and send the time
  // spent, then forget it all.
  const signOut = document.querySelector("form.convivial-sign-out");
  signOut?.addEventListener("submit", (event) => {
    if (signOut.dataset.flushed) {
      saver.stop();
      clearAllDrafts();
      return;
    }
    event.preventDefault();
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000));
    const sent = Promise.all([saver.idle() || saver.flush(), sendTimeBeforeSignOut()]);
    Promise.race([sent, timeout]).finally(() => {
      signOut.dataset.flushed = "true";
      setTimeout(() => signOut.requestSubmit()); // not while this submit event runs
    });
  });
}

// A long form is drawn first, complete, and only then wired up (GOV.UK's components,
// rules, the saver): the form's HTML already shows every question as it should look
// (the server decides which conditional questions are hidden), so nothing on screen
// changes when this runs, and anything typed meanwhile is found and saved (start()).
afterPaint(() => {
  enhancePage();
  if (form && status) start();
});
