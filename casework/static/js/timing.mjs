// Time and motion (docs/time.md): how long a person actively spends on this section.
// Per keystroke or choice this only notes the time; a slow tick adds up the gaps
// between activities, dropping any gap longer than the idle limit and any time the
// page is hidden or unfocused. Batches wait in localStorage (under "convivial:", so
// signing out clears them) until the server acknowledges them: time spent offline
// counts when the device is back, and a resent batch counts once (its key).

// A batch's key is made like a save's (a fresh random id).
import { newKey } from "./autosave.mjs";
import { storage } from "./drafts.mjs";

const form = document.querySelector("form[data-timing]");
const STORE = "convivial:time";
const SEND_EVERY_MS = 30_000;


function readQueue(user) {
  try {
    const kept = JSON.parse(storage()?.getItem(STORE) ?? "null");
    // Another person's unsent time must never be sent as this person's.
    if (kept && kept.user === user && Array.isArray(kept.batches)) return kept.batches;
  } catch {
    // unreadable: start again
  }
  return [];
}

function writeQueue(user, batches) {
  try {
    if (!batches.length) storage()?.removeItem(STORE);
    else storage()?.setItem(STORE, JSON.stringify({ user, batches }));
  } catch {
    // storage full or disabled: the batch is sent now, only not kept
  }
}


function start() {
  const url = form.dataset.timing;
  const user = form.dataset.user;
  const idleMs = Number(form.dataset.timingIdle) * 1000;
  const record = Number(form.dataset.timingRecord);
  const section = form.dataset.timingSection;
  const tickMs = Math.min(5000, idleMs / 2);

  const present = () => document.visibilityState === "visible" && document.hasFocus();
  let last = Date.now(); // the latest keystroke, choice or return to the page
  let counted = present() ? last : null; // activity already added up; null: not present
  let pendingMs = 0;
  let stopped = false; // signed out: this page records and keeps no more time

  const note = () => {
    last = Date.now();
    if (counted === null) counted = last;
  };
  const tick = () => {
    if (counted === null) return;
    const gap = last - counted;
    if (gap <= idleMs) pendingMs += gap;
    counted = last;
  };

  const closeBatch = () => {
    tick();
    const seconds = Math.floor(pendingMs / 1000);
    const batches = readQueue(user);
    if (seconds >= 1) {
      pendingMs -= seconds * 1000;
      batches.push({ key: newKey(), record, section, seconds });
      writeQueue(user, batches);
    }
    return batches;
  };

  const body = (batches) => {
    const data = new FormData();
    data.set("csrf_token", form.elements.csrf_token.value);
    data.set("batches", JSON.stringify(batches));
    return data;
  };

  // Sends these batches; forgets those the server answered for. Refused batches are
  // never sent again: the server said plainly why.
  const post = async (batches) => {
    const response = await fetch(url, {
      method: "POST",
      body: body(batches),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status === 200 || response.status === 422) {
      const { accepted = [], refused = [] } = await response.json();
      const done = new Set([...accepted, ...refused.map((r) => r.key)]);
      writeQueue(user, readQueue(user).filter((b) => !done.has(b.key)));
    }
  };

  let sending = false;
  let again = false; // asked to send while a request was out: send once more after it
  const send = async () => {
    if (stopped) return;
    const batches = closeBatch();
    if (!batches.length || !navigator.onLine) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    again = false;
    try {
      await post(batches);
    } catch {
      // offline or the service is down: the batches wait for the next try
    } finally {
      sending = false;
      if (again) send();
    }
  };

  const away = () => {
    tick();
    counted = null; // time away from the page is not time spent on it
  };
  const back = () => {
    last = Date.now();
    counted = last;
  };

  // Not keydown or keyup: a typed key is one input event, so a key calls one listener
  // that stores a number. Moving between questions without typing is a focusin.
  for (const type of ["input", "change", "click", "focusin"]) {
    form.addEventListener(type, note, { capture: true, passive: true });
  }
  window.addEventListener("blur", () => {
    away();
    send();
  });
  window.addEventListener("focus", back);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      if (document.hasFocus()) back();
    } else {
      away();
      send();
    }
  });
  window.addEventListener("online", send);
  window.addEventListener("pagehide", () => {
    if (stopped) return; // nothing is kept or sent for the next person
    away();
    const batches = closeBatch();
    // Kept in localStorage too: if this never arrives, the next page resends it.
    if (batches.length) navigator.sendBeacon?.(url, body(batches));
  });
  setInterval(tick, tickMs);
  setInterval(send, SEND_EVERY_MS);
  send(); // anything left from an earlier page or an offline spell

  // Signing out (recording.mjs): the time not yet sent goes now, while the session that
  // counts it is still open. A beacon at pagehide would arrive signed out and be
  // refused, and what it left on this device would be the next person's to find.
  return async () => {
    away();
    const batches = closeBatch();
    stopped = true;
    try {
      if (batches.length) await post(batches); // a batch also out already counts once
    } finally {
      writeQueue(user, []);
    }
  };
}

const flushForSignOut = form?.elements.csrf_token ? start() : null;

// For the sign-out: resolves once the time spent here has reached the server (or failed
// to); from then on this page records no more time.
export function sendTimeBeforeSignOut() {
  return flushForSignOut ? flushForSignOut().catch(() => {}) : Promise.resolve();
}
