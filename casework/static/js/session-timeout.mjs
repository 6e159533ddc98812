// The timeout warning on signed-in pages (GOV.UK's timeout-warning pattern; WCAG 2.2
// SC 2.2.1): a modal dialog a set time before the idle timeout, with "Stay signed in"
// (Escape does the same) and "Sign out".
//
// The server says how long is left (data-remaining, then GET /session/status, which does
// not count as activity). Activity in another tab, or an autosave, keeps the session
// alive, so the page asks the server again before it warns and before it gives up.
// "Stay signed in" is POST /session/extend with the CSRF token.
// Once time has run out the page goes to /timed-out, carrying what this page knows
// is true: when its answers were last saved and whether some are kept on this device
// (recording.mjs fills those in on the "convivial:timed-out" event).

const dialog = document.querySelector("dialog[data-convivial-timeout]");
const RECHECK_OPEN_MS = 15000; // while the warning is open: has another tab extended it?
const RETRY_MS = 10000; // the server did not answer: try again, counting on our own deadline

function words(seconds) {
  if (seconds >= 60) {
    const count = Math.ceil(seconds / 60);
    return count === 1 ? "1 minute" : `${count} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

function csrfToken() {
  return document.querySelector('input[name="csrf_token"]')?.value ?? "";
}

async function askServer(url, options = {}) {
  try {
    const response = await fetch(url, {
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
      ...options,
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401) return { signed_in: false, remaining_seconds: 0 };
    if (!response.ok) return null;
    return body;
  } catch {
    return null; // unreachable: the caller tries again
  }
}

function start() {
  const warningMs = Number(dialog.dataset.warning) * 1000;
  const countdown = dialog.querySelector("[data-convivial-countdown]");
  const announce = dialog.querySelector("[data-convivial-countdown-announce]");
  let deadline = Date.now() + Number(dialog.dataset.remaining) * 1000;
  let timer = null;
  let ticker = null;
  let lastAnnounced = null;

  const secondsLeft = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  function later(ms, then) {
    clearTimeout(timer);
    timer = setTimeout(then, Math.max(0, ms));
  }

  function scheduleWarning() {
    later(deadline - warningMs - Date.now(), check);
  }

  // Screen readers hear the time left when the dialog opens, then at each whole minute,
  // then at 30 and 10 seconds: not every second, which would drown everything else.
  function tick() {
    const left = secondsLeft();
    countdown.textContent = words(left);
    let mark = 10;
    if (left > 60) mark = `${Math.ceil(left / 60)}m`;
    else if (left > 30) mark = 60;
    else if (left > 10) mark = 30;
    if (mark !== lastAnnounced && left > 0) {
      lastAnnounced = mark;
      announce.textContent = `You will be signed out in ${words(left)}.`;
    }
    if (left === 0) check();
  }

  function open() {
    if (!dialog.open) {
      lastAnnounced = null;
      announce.textContent = "";
      countdown.textContent = words(secondsLeft());
      dialog.showModal();
      dialog.querySelector("[data-convivial-stay]").focus();
      clearInterval(ticker);
      // Fill the live region just after it is shown, so it is read as a change.
      setTimeout(tick, 100);
      ticker = setInterval(tick, 1000);
    }
    later(Math.min(RECHECK_OPEN_MS, deadline - Date.now()), check);
  }

  function close() {
    clearInterval(ticker);
    ticker = null;
    if (dialog.open) dialog.close();
  }

  async function check() {
    if (leaving) return;
    const status = await askServer("/session/status");
    if (status === null) {
      if (Date.now() >= deadline) return timedOut();
      return later(RETRY_MS, check);
    }
    if (!status.signed_in) return timedOut();
    deadline = Date.now() + status.remaining_seconds * 1000;
    if (deadline - Date.now() > warningMs + 1000) {
      close(); // somebody was busy in another tab: wait again
      return scheduleWarning();
    }
    return open();
  }

  async function stay() {
    const status = await askServer("/session/extend", { method: "POST" });
    if (status === null) return; // stays open; the next check decides
    if (!status.signed_in) return timedOut();
    deadline = Date.now() + status.remaining_seconds * 1000;
    close();
    scheduleWarning();
  }

  let leaving = false;
  function timedOut() {
    if (leaving) return; // the countdown and a check can both get here
    leaving = true;
    close();
    clearTimeout(timer);
    const detail = { savedAt: null, kept: false };
    document.dispatchEvent(new CustomEvent("convivial:timed-out", { detail }));
    const next = window.location.pathname + window.location.search;
    const query = new URLSearchParams({ next });
    if (detail.savedAt) query.set("saved_at", detail.savedAt);
    if (detail.kept) query.set("kept", "1");
    window.location.assign(`/timed-out?${query}`);
  }

  // Focus stays inside the warning while it is open: Tab wraps round its two buttons.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const buttons = [...dialog.querySelectorAll("button")];
    const at = buttons.indexOf(document.activeElement);
    const next = event.shiftKey ? at - 1 : at + 1;
    if (at === -1 || next < 0 || next >= buttons.length) {
      event.preventDefault();
      buttons[event.shiftKey ? buttons.length - 1 : 0].focus();
    }
  });
  dialog.querySelector("[data-convivial-stay]").addEventListener("click", stay);
  // Escape means "stay signed in", never "sign out without asking".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  dialog.querySelector("[data-convivial-sign-out]").addEventListener("click", () => {
    close();
    clearTimeout(timer);
    // The header's own form: recording pages save what they can before it is sent.
    document.querySelector("form.convivial-sign-out")?.requestSubmit();
  });
  scheduleWarning();
}

if (dialog) start();
