// Autosave for one recording form: debounced, one request at a time, idempotent
// retries, and a local copy of anything the server has not acknowledged yet.
//
// Server contract (casework/records/routes.py, saving.py): POST the form's fields with
// Accept: application/json. 200 {revision, saved_at, applied, conflicts, replayed};
// 409 {conflicts: {field: {yours, theirs}}} (the other answers were applied);
// 409 {error: "locked"}; 401 {error: "signed_out"}; 400 {error: "csrf"}.
// A save_key the server has seen is a replay, so: a fresh key for each new payload,
// the same key only when retrying the same payload.

import { answerEntries, readDraft, removeDraft, writeDraft } from "./drafts.mjs";

const DEBOUNCE_MS = 1000;
const MAX_WAIT_MS = 2000;
const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];
const SIGNED_OUT_POLL_MS = 10000;

export function newKey() {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class Autosaver {
  // onState(state, detail): "dirty" | "saving" | "saved" | "retrying" | "signed_out"
  //   | "locked" | "failed"; onConflicts(conflicts) for 409s with conflicts.
  constructor(form, { onState = () => {}, onConflicts = () => {} } = {}) {
    this.form = form;
    this.url = form.dataset.autosave;
    this.onState = onState;
    this.onConflicts = onConflicts;
    this.acked = answerEntries(form); // what the server holds, as far as this page knows
    this.extra = []; // restored entries with no input on this page
    this.excluded = new Set(); // fields in an unresolved conflict: not sent until resolved
    this.attempt = null; // {entries, key} of the payload being tried
    this.inFlight = null;
    this.timer = null;
    this.firstChange = null;
    this.retries = 0;
    this.conflictBase = null; // the revision a conflict was found against, kept locally
    this.force = false; // a resolved conflict: save even though nothing was typed
    this.state = "saved";
    this.savedAt = form.dataset.savedAt || null; // when the server last acknowledged
  }

  get revision() {
    return Number.parseInt(this.form.elements.revision.value, 10);
  }

  set revision(value) {
    this.form.elements.revision.value = String(value);
  }

  entries() {
    return answerEntries(this.form).concat(this.extra);
  }

  // Something typed that the server has not acknowledged.
  dirty() {
    return this.force || !same(this.entries(), this.acked);
  }

  // Keep the unsaved answers on this device before anything is sent. An unresolved
  // conflict is kept against the revision it was found at, so that after a reload the
  // same conflict is found again instead of one version silently winning.
  keepLocally() {
    if (this.stopped) return;
    if (this.dirty() || this.excluded.size) {
      writeDraft(this.form, {
        revision: this.conflictBase ?? this.revision,
        key: this.attempt?.key ?? null,
        entries: this.entries(),
      });
    } else {
      removeDraft(this.form);
    }
  }

  changed() {
    this.keepLocally();
    if (!this.dirty()) {
      // Typed back to exactly what the server holds: nothing to send, and it is saved.
      if (["dirty", "failed", "retrying"].includes(this.state) && !this.inFlight) {
        clearTimeout(this.timer);
        this.timer = null;
        this.firstChange = null;
        this.retries = 0;
        this.setState("saved", { saved_at: this.savedAt });
      }
      return;
    }
    if (["saved", "failed"].includes(this.state)) this.setState("dirty");
    // Waiting to retry (signed out, server unreachable): the retry timer sends it all.
    if (["signed_out", "retrying", "locked"].includes(this.state)) return;
    const now = Date.now();
    this.firstChange ??= now;
    clearTimeout(this.timer);
    const wait = Math.min(DEBOUNCE_MS, Math.max(0, this.firstChange + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => this.save(), wait);
  }

  setState(state, detail) {
    this.state = state;
    this.onState(state, detail);
  }

  // Send what is unsaved (one request at a time); resolves when this attempt finishes.
  async save() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return undefined;
    if (this.inFlight) return this.inFlight.then(() => (this.dirty() ? this.save() : undefined));
    if (!this.dirty() || this.state === "locked") return undefined;
    this.firstChange = null;
    this.inFlight = this.send().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
    // Typing during the request: save that too, within the same 2 seconds.
    if (this.dirty() && this.state === "saved") this.changed();
    return undefined;
  }

  payload(entries, key) {
    const body = new FormData();
    this.payloadRevision = String(this.revision);
    body.set("csrf_token", this.form.elements.csrf_token.value);
    body.set("revision", this.payloadRevision);
    body.set("save_key", key);
    // Which page sent it: this page's own earlier saves are never conflicts.
    if (this.form.elements.page_id) body.set("page_id", this.form.elements.page_id.value);
    for (const [name, value] of entries) {
      if (this.excluded.size && this.isExcluded(name)) continue;
      if (this.excluded.size && name === "_section") continue; // a partial save: see resolve()
      body.append(name, value);
    }
    return body;
  }

  isExcluded(name) {
    for (const id of this.excluded) if (name === id || name.startsWith(`${id}-`)) return true;
    return false;
  }

  async send(csrfRetried = false) {
    const entries = this.entries();
    // A retry of the very same payload reuses its key, so a save the server made but
    // could not confirm (a dropped connection) is not made twice.
    if (!this.attempt || !same(this.attempt.entries, entries)) {
      this.attempt = { entries, key: newKey() };
    }
    this.keepLocally();
    this.setState("saving");
    let response;
    let body = {};
    try {
      response = await fetch(this.url, {
        method: "POST",
        body: this.payload(entries, this.attempt.key),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "error", // the server never redirects a JSON save; if it does, it is not saved
      });
      body = await response.json().catch(() => ({}));
    } catch {
      return this.retryLater("retrying");
    }
    if (response.ok || (response.status === 409 && body.conflicts)) {
      this.acknowledged(entries, body, Number.parseInt(this.payloadRevision, 10));
      return undefined;
    }
    if (response.status === 401) return this.retryLater("signed_out", body);
    if (response.status === 409 && body.error === "locked") {
      this.setState("locked");
      return undefined;
    }
    if (response.status === 400 && body.error === "csrf" && !csrfRetried) {
      if (await this.refreshCsrf()) return this.send(true);
      return this.retryLater("signed_out", body);
    }
    if (response.status >= 500 || response.status === 429) {
      return this.retryLater("retrying");
    }
    this.setState("failed", body);
    return undefined;
  }

  acknowledged(entries, body, sentRevision) {
    this.retries = 0;
    this.revision = body.revision;
    // The page's own "Save and continue" must not reuse a key the server has seen.
    this.form.elements.save_key.value = newKey();
    this.attempt = null;
    this.acked = entries;
    this.savedAt = body.saved_at ?? this.savedAt;
    this.force = false;
    const conflicts = body.conflicts && Object.keys(body.conflicts).length ? body.conflicts : null;
    if (conflicts) {
      for (const id of Object.keys(conflicts)) this.excluded.add(id);
      this.conflictBase ??= sentRevision;
      this.onConflicts(conflicts);
    }
    this.keepLocally(); // removes the draft, or re-bases it on the new revision
    this.setState("saved", body);
  }

  retryLater(state, detail) {
    this.setState(state, detail);
    clearTimeout(this.timer);
    const delay =
      state === "signed_out" ? SIGNED_OUT_POLL_MS : RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)];
    this.retries += 1;
    this.timer = setTimeout(() => this.save(), delay);
  }

  // Try again now (the page got focus back, the network came back).
  retryNow() {
    if (["retrying", "signed_out"].includes(this.state) || (this.dirty() && !this.inFlight)) {
      this.retries = 0;
      this.save();
    }
  }

  async refreshCsrf() {
    try {
      const response = await fetch("/session/csrf-token", {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "error",
      });
      if (!response.ok) return false;
      const { csrf_token: token } = await response.json();
      if (!token) return false;
      // Every form on the page (the header's Sign out too) needs the new token.
      for (const input of document.querySelectorAll('input[name="csrf_token"]')) input.value = token;
      return true;
    } catch {
      return false;
    }
  }

  // A person chose which version to keep: the field is saved again from its inputs.
  resolve(fieldId) {
    this.excluded.delete(fieldId);
    if (!this.excluded.size) this.conflictBase = null;
    this.force = true;
    this.changed();
  }

  // The page is going away: send what is unsaved with keepalive (the answer is never
  // read; the local draft, with this payload's key, covers a failure).
  sendBeacon() {
    if (this.stopped || this.inFlight || !this.dirty() || this.state !== "dirty") return;
    const entries = this.entries();
    if (!this.attempt || !same(this.attempt.entries, entries)) this.attempt = { entries, key: newKey() };
    this.keepLocally();
    try {
      fetch(this.url, {
        method: "POST",
        body: this.payload(entries, this.attempt.key),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        keepalive: true,
      }).catch(() => {});
    } catch {
      // keepalive bodies are limited to 64 KB: the local draft still has everything
    }
  }

  // Signing out: no more saves, and nothing more written to this device.
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  // Nothing unsaved and nothing on its way: cancel any pending autosave and say so.
  idle() {
    if (this.dirty() || this.inFlight || this.excluded.size) return false;
    clearTimeout(this.timer);
    this.timer = null;
    return true;
  }

  // Resolve once nothing is waiting to be saved, or false if it cannot be saved now.
  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty() && !this.inFlight) return Promise.resolve(true);
    return this.save().then(() => !this.dirty() && this.state === "saved" && !this.excluded.size);
  }

  // Put back a stored draft the server has not acknowledged; returns true if it did.
  static pendingDraft(form) {
    const draft = readDraft(form);
    if (!draft) return null;
    if (same(draft.entries, answerEntries(form))) {
      removeDraft(form); // the server already has every one of these answers
      return null;
    }
    return draft;
  }
}
