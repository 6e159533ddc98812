// Autosave for one recording form: debounced, one request at a time, idempotent
// retries, and a local copy of anything the server has not acknowledged yet.
//
// Server contract (casework/records/routes.py, saving.py): POST the form's fields with
// Accept: application/json. 200 {revision, saved_at, applied, conflicts, replayed};
// 409 {conflicts: {field: {yours, theirs}}} (the other answers were applied);
// 409 {error: "locked"}; 401 {error: "signed_out"}; 400 {error: "csrf"}.
// A save_key the server has seen is a replay, so: a fresh key for each new payload,
// the same key only when retrying the same payload.
//
// Only what changed is kept and sent: each field's answers as the server last
// acknowledged them are remembered, a keystroke re-reads that one field, and a save
// posts the changed fields alone (no "_section" marker, so the server reads only those;
// "_field" names each one, so a field emptied of every tick is still read).

import {
  answerEntries,
  fieldEntries,
  fieldOfName,
  inputEntries,
  readDraft,
  removeDraft,
  writeDraft,
} from "./drafts.mjs";

const DEBOUNCE_MS = 1000;
const MAX_WAIT_MS = 2000;
const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];
const SIGNED_OUT_POLL_MS = 10000;
// Further keys in a field already kept on this device are written at most this often
// (the first key in each field is written at once, and anything pending is written
// before a save, when the page is hidden and when it goes away). Each write copies the
// changed answers into storage, the largest cost of a keystroke after reading it.
const KEEP_MS = 1000;
// A keystroke only notes which input changed; everything else it leads to (re-reading
// the field, the status line, the local copy, scheduling the save) runs once per this
// many ms, in one timer, instead of on every key. Anything that needs the answers
// sooner (a save, the page going away, the page's buttons) reads the noted inputs first.
const SETTLE_MS = 250;

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
    // The page's top-level fields, in page order, and each one's answers (as JSON) as
    // the server holds them, as far as this page knows.
    this.fields = new Map();
    this.order = new Map();
    for (const wrapper of form.querySelectorAll(".convivial-field[data-field]:not([data-item-field])")) {
      this.order.set(wrapper.dataset.field, this.fields.size);
      this.fields.set(wrapper.dataset.field, wrapper);
    }
    // The page's controls, found once: a named lookup on a big form searches every control
    // again after any change to the form's markup (the status line's text is one).
    this.revisionInput = form.elements.revision;
    this.csrfInput = form.elements.csrf_token;
    this.pageIdInput = form.elements.page_id;
    this.saveKeyInput = form.elements.save_key;
    this.keepTimer = null;
    this.owners = new WeakMap(); // input -> its top-level field's wrapper
    this.keptCount = -1; // how many fields the last local copy held
    // Each field's inputs, found once: a keystroke reads its field's values without
    // searching the markup again. Any change to the form's markup (an item added to a
    // list, a conditional part shown) forgets them all.
    this.inputsOf = new Map();
    this.markup = new MutationObserver(() => this.inputsOf.clear());
    this.markup.observe(form, { childList: true, subtree: true });
    this.acked = new Map();
    for (const id of this.fields.keys()) this.acked.set(id, JSON.stringify(this.read(id)));
    this.changedIds = new Set(); // fields whose answers differ from this.acked
    this.touched = new Set(); // inputs typed in since their fields were last re-read
    this.settleTimer = null;
    this.forced = new Set(); // resolved conflicts: sent again even if nothing was typed
    this.extra = []; // restored entries with no input on this page
    this.excluded = new Set(); // fields in an unresolved conflict: not sent until resolved
    this.attempt = null; // {entries, key} of the payload being tried
    this.inFlight = null;
    this.timer = null;
    this.firstChange = null;
    this.retries = 0;
    this.conflictBase = null; // the revision a conflict was found against, kept locally
    this.state = "saved";
    this.savedAt = form.dataset.savedAt || null; // when the server last acknowledged
  }

  get revision() {
    return Number.parseInt(this.revisionInput.value, 10);
  }

  set revision(value) {
    this.revisionInput.value = String(value);
  }

  // The fields to send (changed or forced), in page order.
  pendingIds() {
    this.readTouched();
    const ids = new Set([...this.changedIds, ...this.forced]);
    return [...ids].sort((a, b) => this.order.get(a) - this.order.get(b));
  }

  // One top-level field's answers as [name, value] pairs, as they are now.
  read(id) {
    if (this.markup.takeRecords().length) this.inputsOf.clear(); // changed this very task
    let inputs = this.inputsOf.get(id);
    if (!inputs) {
      inputs = [...this.fields.get(id).querySelectorAll("input, textarea, select")];
      this.inputsOf.set(id, inputs);
    }
    return inputEntries(inputs);
  }

  // The answers not acknowledged yet: the changed fields' entries and restored extras.
  entries(ids = this.pendingIds()) {
    return ids.flatMap((id) => this.read(id)).concat(this.extra);
  }

  // The top-level field an input belongs to, or null for a change this page cannot place.
  fieldOf(target) {
    let wrapper = this.owners.get(target);
    if (wrapper === undefined && target?.closest) {
      wrapper = target.closest(".convivial-field[data-field]:not([data-item-field])");
      if (target !== this.form) this.owners.set(target, wrapper);
    }
    const id = wrapper?.dataset.field;
    return id && this.fields.get(id) === wrapper ? id : null;
  }

  // Read one field again (or all of them, for a change this page cannot place).
  recheck(target) {
    const id = this.fieldOf(target);
    const ids = id ? [id] : [...this.fields.keys()];
    for (const each of ids) {
      if (JSON.stringify(this.read(each)) === this.acked.get(each)) {
        this.changedIds.delete(each);
      } else {
        this.changedIds.add(each);
      }
    }
  }

  // Re-read the fields typed in since the last look.
  readTouched() {
    if (!this.touched.size) return;
    const targets = [...this.touched];
    this.touched.clear();
    for (const target of targets) this.recheck(target);
  }

  // Something typed that the server has not acknowledged (a field in an unresolved
  // conflict waits for a choice, and does not count).
  dirty() {
    this.readTouched();
    if (this.extra.length) return true;
    for (const id of this.changedIds) if (!this.excluded.has(id)) return true;
    for (const id of this.forced) if (!this.excluded.has(id)) return true;
    return false;
  }

  // Keep the unsaved answers on this device before anything is sent. An unresolved
  // conflict is kept against the revision it was found at, so that after a reload the
  // same conflict is found again instead of one version silently winning.
  keepLocally() {
    clearTimeout(this.keepTimer);
    this.keepTimer = null;
    if (this.stopped) return;
    if (this.dirty() || this.excluded.size) {
      const fields = this.pendingIds();
      this.keptCount = this.changedIds.size + this.forced.size;
      writeDraft(this.form, {
        revision: this.conflictBase ?? this.revision,
        key: this.attempt?.key ?? null,
        fields,
        entries: this.entries(fields),
      });
    } else if (this.keptCount !== 0) {
      removeDraft(this.form);
      this.keptCount = 0;
    }
  }

  // After a keystroke: at once if it changed which fields are kept, else shortly.
  keepSoon() {
    if (this.changedIds.size + this.forced.size !== this.keptCount) {
      this.keepLocally();
    } else if (!this.keepTimer) {
      this.keepTimer = setTimeout(() => this.keepLocally(), KEEP_MS);
    }
  }

  // A key or a choice. The first change to a field settles at once (the status line says
  // "Not saved yet" and the answer is kept on this device straight away); further keys
  // in a field already changed only note the input, and settle when the timer fires.
  changed(target) {
    this.lastChange = Date.now(); // the save is timed from the keys, not from the settle
    this.firstChange ??= this.lastChange;
    if (target === undefined) {
      this.settle();
      return;
    }
    this.touched.add(target);
    const id = this.fieldOf(target);
    if (!id || !this.changedIds.has(id) || this.state === "saved" || this.state === "failed") {
      this.settle();
      return;
    }
    this.settleTimer ??= setTimeout(() => this.settle(), SETTLE_MS);
  }

  settle() {
    clearTimeout(this.settleTimer);
    this.settleTimer = null;
    if (this.stopped) return;
    this.readTouched();
    this.keepSoon();
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
    const last = this.lastChange ?? now;
    this.firstChange ??= last;
    this.due = Math.min(last + DEBOUNCE_MS, this.firstChange + MAX_WAIT_MS);
    // A waiting debounce timer looks at this.due when it fires: no new timer per key.
    if (this.timer && this.timerKind === "debounce") return;
    clearTimeout(this.timer);
    this.timerKind = "debounce";
    this.timer = setTimeout(() => this.whenDue(), Math.max(0, this.due - now));
  }

  whenDue() {
    const left = this.due - Date.now();
    if (left > 0) {
      this.timer = setTimeout(() => this.whenDue(), left);
    } else {
      this.timer = null;
      this.save();
    }
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
    if (this.dirty() && this.state === "saved") this.settle();
    return undefined;
  }

  payload(entries, key, ids = []) {
    const body = new FormData();
    this.payloadRevision = String(this.revision);
    body.set("csrf_token", this.csrfInput.value);
    body.set("revision", this.payloadRevision);
    body.set("save_key", key);
    // Which page sent it: this page's own earlier saves are never conflicts.
    if (this.pageIdInput) body.set("page_id", this.pageIdInput.value);
    for (const id of ids) if (!this.excluded.has(id)) body.append("_field", id);
    for (const [name, value] of entries) {
      if (this.excluded.has(fieldOfName(name))) continue;
      body.append(name, value);
    }
    return body;
  }

  // The payload now: the fields to send and their entries, kept while it is retried.
  current() {
    const ids = this.pendingIds();
    const entries = this.entries(ids);
    if (!this.attempt || !same(this.attempt.entries, entries) || !same(this.attempt.ids, ids)) {
      this.attempt = { entries, ids, key: newKey() };
    }
    return this.attempt;
  }

  async send(csrfRetried = false) {
    // A retry of the very same payload reuses its key, so a save the server made but
    // could not confirm (a dropped connection) is not made twice.
    const { entries, ids, key } = this.current();
    this.keepLocally();
    this.setState("saving");
    let response;
    let body = {};
    try {
      response = await fetch(this.url, {
        method: "POST",
        body: this.payload(entries, key, ids),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        redirect: "error", // the server never redirects a JSON save; if it does, it is not saved
      });
      body = await response.json().catch(() => ({}));
    } catch {
      return this.retryLater("retrying");
    }
    if (response.ok || (response.status === 409 && body.conflicts)) {
      this.acknowledged(ids, entries, body, Number.parseInt(this.payloadRevision, 10));
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

  acknowledged(ids, entries, body, sentRevision) {
    this.retries = 0;
    this.revision = body.revision;
    // The page's own "Save and continue" must not reuse a key the server has seen.
    this.saveKeyInput.value = newKey();
    this.attempt = null;
    this.savedAt = body.saved_at ?? this.savedAt;
    const conflicts = body.conflicts && Object.keys(body.conflicts).length ? body.conflicts : null;
    // What was sent is what the server holds now, except where it found a conflict.
    const sent = new Map();
    for (const [name, value] of entries) {
      const id = fieldOfName(name);
      if (!sent.has(id)) sent.set(id, []);
      sent.get(id).push([name, value]);
    }
    for (const id of ids) {
      if (this.excluded.has(id) || conflicts?.[id]) continue;
      this.acked.set(id, JSON.stringify(sent.get(id) ?? []));
      this.forced.delete(id);
      this.recheck(this.fields.get(id));
    }
    this.extra = this.extra.filter((entry) => !entries.includes(entry));
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
    this.timerKind = "retry";
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
    this.forced.add(fieldId);
    this.settle();
  }

  // The page is going away: send what is unsaved with keepalive (the answer is never
  // read; the local draft, with this payload's key, covers a failure).
  sendBeacon() {
    this.keepLocally();
    if (this.stopped || this.inFlight || !this.dirty() || this.state !== "dirty") return;
    const { entries, ids, key } = this.current();
    this.keepLocally();
    try {
      fetch(this.url, {
        method: "POST",
        body: this.payload(entries, key, ids),
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
    clearTimeout(this.keepTimer);
    clearTimeout(this.settleTimer);
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
    // A draft names its fields; an older one held the whole form.
    const now = Array.isArray(draft.fields)
      ? draft.fields.flatMap((id) => {
          const wrapper = form.querySelector(`.convivial-field[data-field="${CSS.escape(id)}"]:not([data-item-field])`);
          return wrapper ? fieldEntries(wrapper) : [];
        })
      : answerEntries(form);
    if (same(draft.entries, now)) {
      removeDraft(form); // the server already has every one of these answers
      return null;
    }
    return draft;
  }
}
