// Live rules on a recording page: show-if, required-if and calculations, evaluated with
// json-logic-js (window.jsonLogic, dist/logic.js) exactly as renderer/screens/logic.py
// does on the server (docs/screens.md, "Rules: the contract the browser repeats").
//
// The server has already rendered the right state, so without JavaScript nothing is
// missing; this module only keeps that state right while someone types. Answers of
// hidden fields are never cleared: hiding is not deleting.

const MONTHS = new Map(
  [
    ["jan", "january"], ["feb", "february"], ["mar", "march"], ["apr", "april"], ["may"],
    ["jun", "june"], ["jul", "july"], ["aug", "august"], ["sep", "sept", "september"],
    ["oct", "october"], ["nov", "november"], ["dec", "december"],
  ].flatMap((names, i) => names.map((name) => [name, i + 1])),
);
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

// Values the browser cannot read from the inputs (lists, scales, safety plans...).
export const UNKNOWN = Symbol("unknown");

export function todayIso(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// names.text_value: line endings as the browser counts them, ends trimmed, "" -> null.
export function textValue(raw) {
  if (raw == null) return null;
  const value = String(raw).replace(/\r\n?/g, "\n").trim();
  return value || null;
}

// types_simple.Number.read + rule_value: a number, or null for anything else.
export function numberValue(raw) {
  const typed = textValue(raw);
  if (typed === null) return null;
  const cleaned = typed.replaceAll(",", "").replaceAll(" ", "");
  return NUMBER.test(cleaned) ? Number(cleaned) : null;
}

// types_simple._real_date: "YYYY-MM-DD" for a real, complete date, else null.
export function dateValue(day, month, year) {
  [day, month, year] = [day, month, year].map((part) => String(part ?? "").trim());
  const monthNumber = MONTHS.get(month.toLowerCase()) || (/^\d+$/.test(month) ? Number(month) : 0);
  if (!/^\d+$/.test(day) || !monthNumber || !/^\d{4}$/.test(year)) return null;
  const d = new Date(Date.UTC(Number(year), monthNumber - 1, Number(day)));
  d.setUTCFullYear(Number(year)); // Date.UTC maps years 0-99 to 1900-1999
  if (d.getUTCDate() !== Number(day) || d.getUTCMonth() !== monthNumber - 1) return null;
  return `${year}-${String(monthNumber).padStart(2, "0")}-${String(Number(day)).padStart(2, "0")}`;
}

// The field's own inputs: not those of fields nested inside it (list items, composites).
function ownInputs(wrapper) {
  return [...wrapper.querySelectorAll("input, textarea, select")].filter(
    (input) => input.closest(".convivial-field") === wrapper,
  );
}

// The value JSON Logic sees for a field (registry.FieldType.rule_value), or UNKNOWN.
export function ruleValue(wrapper) {
  const inputs = ownInputs(wrapper);
  const checked = (type) => inputs.filter((i) => i.type === type && i.checked).map((i) => i.value);
  switch (wrapper.dataset.type) {
    case "text":
    case "long_text":
      return inputs.length ? textValue(inputs[0].value) : UNKNOWN;
    case "number":
      return inputs.length ? numberValue(inputs[0].value) : UNKNOWN;
    case "date": {
      const part = (name) => inputs.find((i) => i.name.endsWith(`-${name}`))?.value;
      return dateValue(part("day"), part("month"), part("year"));
    }
    case "yes_no":
    case "single_choice":
    case "person": {
      const select = inputs.find((i) => i.tagName === "SELECT");
      if (select) return select.value || null;
      const boxes = checked("checkbox");
      if (inputs.some((i) => i.type === "checkbox")) return boxes.length ? boxes : null;
      if (!inputs.some((i) => i.type === "radio")) return UNKNOWN;
      return checked("radio")[0] ?? null;
    }
    case "multiple_choice": {
      const values = checked("checkbox"); // option order is page order
      return values.length ? values : null;
    }
    default:
      return UNKNOWN;
  }
}

export function varsOf(rule, out = new Set()) {
  if (Array.isArray(rule)) {
    for (const item of rule) varsOf(item, out);
  } else if (rule && typeof rule === "object") {
    for (const [op, args] of Object.entries(rule)) {
      if (op === "var") {
        const name = Array.isArray(args) ? args[0] : args;
        if (typeof name === "string" && name !== "") out.add(name.split(".")[0]);
        else if (typeof name !== "number") out.add(""); // {"var": ""} is the whole data
      }
      varsOf(args, out);
    }
  }
  return out;
}

// logic.truth / logic.calculate_value: a rule that throws counts as the default.
export function truth(rule, data, fallback) {
  if (rule == null) return fallback;
  try {
    return window.jsonLogic.truthy(window.jsonLogic.apply(rule, data));
  } catch {
    return fallback;
  }
}

export function calculate(rule, data) {
  let value;
  try {
    value = window.jsonLogic.apply(rule, data);
  } catch {
    return null;
  }
  if (value === undefined || (typeof value === "number" && !Number.isFinite(value))) return null;
  return value;
}

// logic.evaluate_fields over plain objects: [{id, type, showIf, calculation}] in form
// order, their rule values (UNKNOWN allowed) and the base data. A rule naming a value the
// browser does not know gives shown: null ("leave the server's state alone"), not a guess.
export function evaluateFields(fields, values, base) {
  const data = { ...base };
  const unknown = new Set();
  for (const f of fields) {
    if (f.type === "calculated") continue;
    if (values[f.id] === UNKNOWN) {
      if (!(f.id in base)) unknown.add(f.id);
    } else if (f.id in values) {
      data[f.id] = values[f.id];
    }
  }
  // Known: "today", the base data, and this page's fields whose values it can read.
  // A rule naming anything else (an answer in another section the server did not give)
  // keeps the state the server rendered.
  const known = new Set([...Object.keys(base), ...fields.map((f) => f.id)]);
  const knowable = (rule) => {
    for (const name of varsOf(rule)) if (!known.has(name) || unknown.has(name)) return false;
    return true;
  };
  for (const f of fields) {
    if (f.type !== "calculated") continue;
    if (knowable(f.calculation)) data[f.id] = calculate(f.calculation, data);
    else unknown.add(f.id);
  }
  const shown = {};
  const calculated = {};
  for (const f of fields) {
    if (f.showIf != null) {
      shown[f.id] = knowable(f.showIf) ? truth(f.showIf, data, true) : null;
      if (shown[f.id] === false) {
        data[f.id] = null;
        unknown.delete(f.id);
        continue;
      }
      if (shown[f.id] === null) unknown.add(f.id); // its visibility is the server's call
    }
    if (f.type === "calculated" && !unknown.has(f.id)) {
      data[f.id] = calculate(f.calculation, data);
      calculated[f.id] = data[f.id];
    }
  }
  return { data, shown, calculated, knowable };
}

const parseRule = (text) => {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

function describe(wrapper) {
  return {
    id: wrapper.dataset.field,
    type: wrapper.dataset.type,
    showIf: parseRule(wrapper.dataset.showIf),
    requiredIf: parseRule(wrapper.dataset.requiredIf),
    calculation: parseRule(wrapper.dataset.calculation),
    wrapper,
    get ruled() {
      return this.showIf != null || this.requiredIf != null || this.calculation != null;
    },
  };
}

const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

// types_simple.Calculated.display
export function displayCalculated(value, format) {
  if (value === null || value === undefined || value === "") return "Not worked out yet";
  if (format === "date" && typeof value === "string") {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (match && dateValue(match[3], match[2], match[1])) {
      return `${Number(match[3])} ${MONTH_NAMES[Number(match[2]) - 1]} ${match[1]}`;
    }
    return value;
  }
  if (format === "number" && typeof value === "number") {
    return Number.isInteger(value) ? value.toLocaleString("en-GB") : String(value);
  }
  return String(value);
}

function markRequired(field, required) {
  field.wrapper.toggleAttribute("data-required-now", required);
  for (const input of ownInputs(field.wrapper)) {
    // aria-required is allowed on text boxes and selects, not on single radios/checkboxes.
    if (input.matches("input[type=radio], input[type=checkbox], input[type=hidden]")) continue;
    if (required) input.setAttribute("aria-required", "true");
    else input.removeAttribute("aria-required");
  }
}

// Read every value once; later only the changed field is read again (rulesChanged).
function readValues(fields, values) {
  for (const f of fields) if (f.type !== "calculated") values.set(f.wrapper, ruleValue(f.wrapper));
}

function evaluate(fields, values, base) {
  const own = {};
  for (const f of fields) if (f.type !== "calculated") own[f.id] = values.get(f.wrapper);
  return evaluateFields(fields, own, base);
}

// Put the state on the page: only fields with a rule of their own change with answers;
// a field always required is marked once, when the page is first described.
function applyTo(fields, state, everything) {
  for (const f of fields) {
    if (!everything && !f.ruled) continue;
    const shown = state.shown[f.id];
    if (shown === true || shown === false) f.wrapper.hidden = !shown;
    if (f.id in state.calculated) {
      const output = f.wrapper.querySelector("[data-calculated-value]");
      const text = displayCalculated(state.calculated[f.id], output?.dataset.format);
      if (output && output.textContent.trim() !== text) output.textContent = text;
    }
    const always = f.wrapper.dataset.required === "true";
    if (f.requiredIf != null && state.knowable(f.requiredIf)) {
      markRequired(f, always || truth(f.requiredIf, state.data, false));
    } else if (always && everything) {
      markRequired(f, true);
    }
  }
}

// The rule data of answers outside this section, when the server gives it
// (data-rule-data on the section); without it, rules naming them are left alone.
function baseData(root) {
  const holder = root.querySelector("[data-rule-data]") || root.closest("[data-rule-data]");
  const given = parseRule(holder?.dataset.ruleData);
  return { ...(given && typeof given === "object" ? given : {}), today: todayIso() };
}

// The answers some rule depends on, directly or through a calculation or a show-if
// (a hidden field counts as unanswered): a change to any other answer changes nothing.
export function rulesDependOn(fields) {
  const byId = new Map();
  for (const f of fields) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  const needed = new Set();
  const pending = [];
  const need = (rule) => {
    for (const name of varsOf(rule)) {
      if (needed.has(name)) continue;
      needed.add(name);
      pending.push(name);
    }
  };
  for (const f of fields) for (const rule of [f.showIf, f.requiredIf, f.calculation]) need(rule);
  while (pending.length) {
    for (const f of byId.get(pending.pop()) ?? []) {
      need(f.showIf);
      need(f.calculation);
    }
  }
  return needed;
}

// What is known about a page: its fields (described once), their last read values and
// the answers the rules depend on. Kept per form, rebuilt by applyRules.
const plans = new WeakMap();

function describePage(root) {
  const all = [...root.querySelectorAll(".convivial-field[data-field]")];
  const top = all.filter((w) => !w.hasAttribute("data-item-field")).map(describe);
  const items = [];
  for (const item of root.querySelectorAll("[data-item]")) {
    const own = all.filter((w) => w.hasAttribute("data-item-field") && w.closest("[data-item]") === item);
    if (own.length) items.push(own.map(describe));
  }
  const every = top.concat(...items);
  const depended = rulesDependOn(every);
  return {
    top,
    items,
    known: new WeakSet(all),
    values: new WeakMap(),
    stale: new Set(), // typed in since their values were last read
    depended,
    everything: depended.has(""), // {"var": ""}: a rule reading all the data
    anyRule: every.some((f) => f.ruled),
  };
}

function run(root, plan, everything) {
  // The data holds every answer, so answers typed since they were last read (into
  // fields no rule depends on) are read now, once, rather than on every keystroke.
  for (const w of plan.stale) plan.values.set(w, ruleValue(w));
  plan.stale.clear();
  const top = evaluate(plan.top, plan.values, baseData(root));
  applyTo(plan.top, top, everything);
  for (const own of plan.items) applyTo(own, evaluate(own, plan.values, top.data), everything);
}

// Re-evaluate every rule on the page: top-level fields, then each list item with its
// own fields laid over the form's data.
export function applyRules(root) {
  if (!window.jsonLogic) return;
  const plan = describePage(root);
  plans.set(root, plan);
  readValues(plan.top, plan.values);
  for (const own of plan.items) readValues(own, plan.values);
  run(root, plan, true);
}

// One answer changed (an input or change event's target): note that field as changed,
// and re-run the rules only if one of them depends on it. Anything not described yet
// (an item added on the page, an event on the whole form) describes the page again.
export function rulesChanged(root, target) {
  if (!window.jsonLogic) return;
  const plan = plans.get(root);
  const wrapper = target?.closest?.(".convivial-field[data-field]");
  if (!plan || !wrapper || !plan.known.has(wrapper)) {
    applyRules(root);
    return;
  }
  if (!plan.anyRule) return;
  let matters = plan.everything;
  for (let w = wrapper; w; w = w.parentElement?.closest(".convivial-field[data-field]")) {
    if (w.dataset.type !== "calculated") plan.stale.add(w);
    if (plan.depended.has(w.dataset.field)) matters = true;
  }
  if (matters) run(root, plan, false);
}
