// Answers typed but not yet acknowledged by the server, kept in this browser's
// localStorage so that a crash, a closed tab, an expired session or a server outage
// loses nothing. One draft per record section; everything under "convivial:" is
// removed when the person signs out, so a shared computer keeps nobody's answers.

const PREFIX = "convivial:";
const DRAFT = `${PREFIX}draft:`;

// Page controls that are not answers: never stored, never restored.
const CONTROLS = new Set(["csrf_token", "save_key", "revision", "page_id", "_action", "_autosaved"]);

export function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: autosave still works, only the local copy is lost
  }
}

export function draftKey(form) {
  return DRAFT + form.dataset.autosave;
}

// The form's answers as [name, value] pairs (files cannot be stored, and are posted
// only by the form's own buttons).
export function answerEntries(form) {
  const entries = [];
  for (const [name, value] of new FormData(form)) {
    if (!CONTROLS.has(name) && typeof value === "string") entries.push([name, value]);
  }
  return entries;
}

// The field an input name belongs to: ids have no "-", parts and items follow one.
export function fieldOfName(name) {
  return name.split("-", 1)[0];
}

const NOT_ANSWERS = new Set(["file", "submit", "button", "reset", "image"]);

// One field's answers as [name, value] pairs, as FormData would give them, read from
// that field's inputs only: a keystroke costs one field, not the whole form.
export function fieldEntries(wrapper) {
  return inputEntries(wrapper.querySelectorAll("input, textarea, select"));
}

// The same, from a field's inputs already found (autosave.mjs keeps them per field).
export function inputEntries(inputs) {
  const entries = [];
  for (const input of inputs) {
    const { name, type } = input;
    if (!name || CONTROLS.has(name) || NOT_ANSWERS.has(type) || input.matches(":disabled")) continue;
    if ((type === "checkbox" || type === "radio") && !input.checked) continue;
    if (input.tagName === "SELECT") {
      for (const option of input.selectedOptions) entries.push([name, option.value]);
    } else {
      entries.push([name, input.value]);
    }
  }
  return entries;
}

export function readDraft(form) {
  const raw = storage()?.getItem(draftKey(form));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw);
    if (!Array.isArray(draft.entries) || !Number.isInteger(draft.revision)) return null;
    if (draft.user && form.dataset.user && draft.user !== form.dataset.user) return null;
    return draft;
  } catch {
    return null;
  }
}

export function writeDraft(form, draft) {
  try {
    storage()?.setItem(
      draftKey(form),
      JSON.stringify({ ...draft, user: form.dataset.user || null, stored_at: new Date().toISOString() }),
    );
    return true;
  } catch {
    return false; // quota exceeded or storage disabled
  }
}

export function removeDraft(form) {
  storage()?.removeItem(draftKey(form));
}

// Everything Convivial keeps in this browser, for sign-out.
export function clearAllDrafts() {
  const store = storage();
  if (!store) return;
  const keys = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key && key.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

// Drafts left by someone else who used this browser (a different signed-in user).
export function forgetOtherUsers(user) {
  const store = storage();
  if (!store || !user) return;
  const stale = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (!key || !key.startsWith(DRAFT)) continue;
    try {
      const owner = JSON.parse(store.getItem(key)).user;
      if (owner && owner !== user) stale.push(key);
    } catch {
      stale.push(key);
    }
  }
  for (const key of stale) store.removeItem(key);
}

// Put stored answers back into the inputs; returns the entries that had no input
// (an item added on a page that is gone): they are still posted with the next save.
// With `fields` (the fields the draft holds), the inputs of other fields are left alone.
export function restoreEntries(form, entries, fields = null) {
  const only = fields ? new Set(fields) : null;
  const byName = new Map();
  for (const [name, value] of entries) {
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(value);
  }
  const leftOver = [];
  const seen = new Set();
  for (const element of form.elements) {
    const { name } = element;
    if (!name || CONTROLS.has(name) || element.type === "file" || element.type === "submit") continue;
    if (only && !only.has(fieldOfName(name))) continue;
    if (element.type === "hidden" && !byName.has(name)) continue;
    const values = byName.get(name) ?? [];
    seen.add(name);
    if (element.type === "radio" || element.type === "checkbox") {
      element.checked = values.includes(element.value);
    } else if (element.tagName === "SELECT" && element.multiple) {
      for (const option of element.options) option.selected = values.includes(option.value);
    } else if (values.length) {
      // Same-named text inputs take the values in order.
      const index = [...form.elements].filter((e) => e.name === name).indexOf(element);
      if (index < values.length) element.value = values[index];
    }
  }
  for (const [name, value] of entries) if (!seen.has(name)) leftOver.push([name, value]);
  return leftOver;
}

// --- answers typed before the page's script ran ----------------------------------------

// What the server sent is each input's default (its HTML): a different value was typed or
// chosen here before the script read the page (on a slow connection, or in the moment
// between the form being drawn and the script wiring it up).
function differsFromPage(input) {
  if (input.type === "checkbox" || input.type === "radio") return input.checked !== input.defaultChecked;
  // A closed list shows the option marked selected, or else its first; hidden inputs
  // always equal their default.
  const given = input.tagName === "SELECT" ? (input.querySelector("[selected]") ?? input.options[0])?.value : input.defaultValue;
  return input.value !== (given ?? "");
}

// fields: Map of field id -> its wrapper. Each field typed in, with one input that changed.
export function typedBeforeStart(fields) {
  const typed = new Map();
  for (const [id, wrapper] of fields) {
    const input = [...wrapper.querySelectorAll("input, textarea, select")].find(differsFromPage);
    if (input) typed.set(id, input);
  }
  return typed;
}
