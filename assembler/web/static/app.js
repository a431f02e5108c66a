/* assembler web: the edit page (a form drawn from the term sheet's JSON Schema, the YAML beside it, the figures),
   and the build page (progress). No framework and nothing fetched from another site: the server does every check,
   edit and figure; this file draws what it answers. */
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const PAGE = JSON.parse((document.getElementById("page-data") || {}).textContent || "{}");
const PLACEHOLDER = /^\s*(TBD|TBA|TBC|TK)\b|\[[^\]]*\]|[●•]|_{3,}/i;

async function call(url, body) {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : {"content-type": "application/json", "x-csrf-token": CSRF},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data;
  try { data = await response.json(); } catch (e) { data = {error: [response.status + " " + response.statusText]}; }
  if (!response.ok) throw data;
  return data;
}

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/* ("investors", 0, "amount") -> "investors[0].amount", as the server names a field in its messages */
function loc(path) {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : (text ? "." : "") + part;
  return text;
}
function parentLoc(text) {
  const cut = Math.max(text.lastIndexOf("."), text.lastIndexOf("["));
  return cut > 0 ? text.slice(0, cut) : "";
}
function humanize(key) {
  const text = String(key).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/* ------------------------------------------------------------------ the schema */
let SCHEMA = null, DEFS = {};
function resolve(node) {
  if (node && node.$ref) {
    const {$ref, ...rest} = node;
    return {...DEFS[$ref.split("/").pop()], ...rest};
  }
  return node || {};
}
function pick(node) { /* Optional[X] as X */
  node = resolve(node);
  const variants = (node.anyOf || []).filter(v => v.type !== "null");
  if (variants.length === 1 && !node.type) {
    const {anyOf, ...rest} = node;
    return {...resolve(variants[0]), ...rest, nullable: true};
  }
  return node;
}
function kindOf(f) {
  if (f.type === "object" && f.properties) return "object";
  if (f.type === "object") return "map";
  if (f.type === "array") return "array";
  if (f.enum) return "enum";
  if (f.type === "boolean") return "bool";
  if (f.format === "date") return "date";
  if (f.type === "integer" || f.type === "number" || (f.anyOf || []).some(v => v.type === "number")) return "number";
  return "text";
}
function choices(node) {
  return (node.oneOf || []).filter(a => a.required && Object.keys(a).length === 1).map(a => a.required);
}
function isRequired(node, key) {
  const first = choices(node)[0] || [];
  return (node.required || []).includes(key) || first.includes(key);
}

/* ------------------------------------------------------------------ the edit page */
const state = {text: "", saved: "", data: null, check: null, mode: PAGE.mode, name: PAGE.name, closed: new Set(),
               timings: []};
window.assembleTimings = state.timings;
let queue = Promise.resolve();
let checkSeq = 0;

function editPage() {
  const yaml = document.getElementById("yaml");
  state.text = state.saved = yaml.value;
  yaml.addEventListener("input", () => { state.text = yaml.value; drawGutter(); scheduleCheck(); dirty(); });
  yaml.addEventListener("scroll", () => {
    document.getElementById("backdrop").scrollTop = yaml.scrollTop;
    document.getElementById("backdrop").scrollLeft = yaml.scrollLeft;
    document.getElementById("gutter").scrollTop = yaml.scrollTop;
  });
  const save = document.getElementById("save"), create = document.getElementById("create");
  if (save) save.addEventListener("click", saveDeal);
  if (create) create.addEventListener("click", createDeal);
  window.addEventListener("beforeunload", e => { if (state.text !== state.saved) e.preventDefault(); });
  call("/api/schema").then(schema => {
    SCHEMA = schema; DEFS = schema.$defs || {};
    return runCheck();
  }).then(() => {
    const line = /^#line-(\d+)$/.exec(location.hash);
    if (line) focusLine(Number(line[1]));
  });
  drawGutter();
}

function dirty() {
  const note = document.getElementById("saved");
  if (note && state.mode === "edit") note.textContent = state.text === state.saved ? "saved" : "unsaved changes";
}

let checkTimer = null, keyTime = 0;
function scheduleCheck() {
  clearTimeout(checkTimer);
  keyTime = performance.now();
  checkTimer = setTimeout(() => { checkTimer = null; inflight = runCheck(keyTime); }, 80);
}

async function runCheck(started = performance.now()) {
  const seq = ++checkSeq;
  state.sent = performance.now();
  const result = await call("/api/check", {text: state.text, name: state.name});
  if (seq !== checkSeq) return;  // a newer keystroke is on its way
  show(result, started, !document.getElementById("form").contains(document.activeElement));
}

/* An edit through the form: applied on the server with round-trip YAML, so the file keeps its comments and order. */
let pending = 0;  // debounced edits not sent yet
window.assembleSettled = async () => {  // for tests and scripts: every edit sent, applied and shown
  while (pending || checkTimer !== null) await new Promise(r => setTimeout(r, 30));
  await queue;
  if (inflight) await inflight;
};
let inflight = null;

let batch = null;  // edits made while the previous one is on its way: sent together, the latest value of a field only
function edit(ops, redraw, started = performance.now()) {
  if (batch) {
    for (const op of ops) {
      if (op.op === "set") batch.ops = batch.ops.filter(o => !(o.op === "set" && JSON.stringify(o.path) === JSON.stringify(op.path)));
      batch.ops.push(op);
    }
    batch.redraw = batch.redraw || redraw;
    return batch.done;
  }
  const mine = batch = {ops: [...ops], redraw, started};
  queue = queue.then(async () => {
    if (batch === mine) batch = null;
    const {ops, redraw, started} = mine;
    try {
      state.sent = performance.now();
      const result = await call("/api/edit", {text: state.text, name: state.name, ops});
      state.text = result.text;
      const yaml = document.getElementById("yaml");
      const top = yaml.scrollTop;
      yaml.value = result.text;
      yaml.scrollTop = top;
      drawGutter();
      dirty();
      checkSeq++;
      show(result.check, started, redraw);
    } catch (err) {
      showBanner((err && err.error) || [String(err)]);
    }
  });
  mine.done = queue;
  return queue;
}

function show(result, started, redraw) {
  const arrived = performance.now();
  const days = JSON.stringify(result.market_days_needed);
  if (state.check && days !== JSON.stringify(state.check.market_days_needed)) redraw = true;  // the form offers them
  state.check = result;
  if (result.data) state.data = result.data;
  const problems = JSON.stringify(result.problems);
  if (redraw || !document.getElementById("form").childElementCount) { drawForm(); state.shown = null; }
  else if (syncValues()) state.shown = null;
  if (problems !== state.shown) drawProblems(result.problems);  // unchanged while typing in a field without one
  state.shown = problems;
  drawFigures(result);
  drawSummary(result);
  const ms = Math.round(performance.now() - started);
  state.timings.push({ms, server: result.ms, render: Math.round(performance.now() - arrived)});
  document.getElementById("timing").textContent = `updated in ${ms} ms (server ${result.ms} ms)`;
}

function drawSummary(result) {
  const errors = result.problems.filter(p => p.severity === "error").length;
  const warnings = result.problems.length - errors;
  const out = [];
  if (!errors) out.push(h("span", {class: "badge ok"}, "valid"));
  else out.push(h("span", {class: "badge bad"}, `${errors} error${errors === 1 ? "" : "s"}`));
  if (warnings) out.push(h("span", {class: "badge warn"}, `${warnings} warning${warnings === 1 ? "" : "s"}`));
  document.getElementById("summary").replaceChildren(...out);
}

function showBanner(lines) {
  const list = document.getElementById("problems");
  list.prepend(h("li", {class: "error"}, lines.join(" ")));
}

async function saveDeal() {
  try {
    await queue;
    const result = await call(`/api/deals/${encodeURIComponent(state.name)}`, {text: state.text, name: state.name});
    state.saved = state.text;
    dirty();
    document.getElementById("saved").textContent = `saved ${new Date().toLocaleTimeString()}` +
      (result.check.valid ? "" : ` (${result.check.errors} error${result.check.errors === 1 ? "" : "s"} still open)`);
  } catch (err) { showBanner(err.error || [String(err)]); }
}

async function createDeal() {
  try {
    await queue;
    const result = await call("/api/deals", {text: state.text});
    state.saved = state.text;
    location.href = result.url;
  } catch (err) { showBanner(err.error || [String(err)]); }
}

/* ------------------------------------------------------------------ the form */
function drawForm() {
  if (!SCHEMA || !state.data) return;
  const form = document.getElementById("form"), pane = document.getElementById("form-pane");
  const top = pane.scrollTop;
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
  const root = resolve(SCHEMA);
  const parts = [], loose = [];
  for (const [key, prop] of Object.entries(root.properties)) {
    const f = pick(prop), kind = kindOf(f);
    const node = drawProperty(root, key, prop, state.data[key], [key]);
    if (kind === "object" || kind === "array" && kindOf(pick(f.items || {})) === "object") {
      if (loose.length) { parts.push(h("fieldset", {}, h("legend", {}, "Dates and terms"), ...loose.splice(0))); }
      parts.push(node);
    } else loose.push(node);
  }
  if (loose.length) parts.push(h("fieldset", {}, h("legend", {}, "Other terms"), ...loose));
  form.replaceChildren(h("div", {class: "form-problems", "data-loc": ""}), ...parts);
  pane.scrollTop = top;
  if (focused) {
    const again = form.querySelector(`[data-path="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
}

function drawProperty(parent, key, prop, value, path) {
  const f = pick(prop), kind = kindOf(f);
  const required = isRequired(parent, key);
  const description = prop.description || f.description || "";
  if (kind === "object") return drawObject(key, f, value, path, required, description);
  if (kind === "map") return drawMap(key, f, value, path, description);
  if (kind === "array") {
    const item = pick(f.items || {});
    if (kindOf(item) === "object") return drawRows(key, item, value, path, description);
    return drawList(key, item, value, path, required, description);
  }
  return h("div", {class: "field", "data-loc": loc(path)},
    h("label", {for: inputId(path)}, humanize(key), required ? h("span", {class: "req", title: "required"}, "*") : ""),
    h("div", {class: "control"}, input(f, value, path, required)),
    description ? h("div", {class: "help"}, description) : null);
}

function drawObject(key, node, value, path, required, description) {
  const legend = h("legend", {}, humanize(key), " ");
  const box = h("fieldset", {"data-loc": loc(path)}, legend);
  if (value === null || value === undefined) {
    if (required) {
      box.append(h("button", {type: "button", class: "add-optional", onclick: () => edit([{op: "fill", path}], true)},
                   `Fill in ${humanize(key).toLowerCase()}`));
    } else {
      legend.append(h("span", {class: "muted"}, "(optional, not given) "));
      box.append(h("button", {type: "button", class: "add-optional small", onclick: () => edit([{op: "fill", path}], true)},
                   `+ Add ${humanize(key).toLowerCase()}`));
    }
    if (description) box.append(h("div", {class: "help muted small"}, description));
    return box;
  }
  if (!required) legend.append(h("button", {type: "button", class: "link small", title: "leave this out",
                                            onclick: () => edit([{op: "remove", path}], true)}, "remove"));
  if (description) box.append(h("div", {class: "help muted small"}, description));
  const alternatives = choices(node);
  let hidden = new Set();
  if (alternatives.length) {
    const chosen = alternatives.find(alt => alt.every(k => value[k] !== undefined)) || alternatives[0];
    hidden = new Set(alternatives.filter(alt => alt !== chosen).flat());
    const name = "choice-" + loc(path);
    box.append(h("div", {class: "choice", "data-choice": loc(path)}, "Give: ", ...alternatives.map(alt =>
      h("label", {}, h("input", {type: "radio", name, value: alt.join(","), checked: alt === chosen,
        onchange: () => edit([...alt.map(k => ({op: "set", path: [...path, k], value: "TBD"})),
                              ...chosen.map(k => ({op: "remove", path: [...path, k]}))], true)}),
        alt.map(humanize).join(" and ")))));
  }
  for (const [k, prop] of Object.entries(node.properties)) {
    if (hidden.has(k)) continue;
    const f = pick(prop);
    if (!isRequired(node, k) && value[k] === undefined && kindOf(f) !== "object" && !hasDefault(prop)) {
      box.append(drawProperty(node, k, prop, undefined, [...path, k]));  // optional scalars: an empty field
      continue;
    }
    box.append(drawProperty(node, k, prop, value[k], [...path, k]));
  }
  return box;
}
function hasDefault(prop) { return prop.default !== undefined && prop.default !== null; }

/* A list of objects (the investors): a table of their main fields, each with a details row for the rest. */
function drawRows(key, item, value, path, description) {
  const rows = Array.isArray(value) ? value : [];
  const columns = Object.entries(item.properties).filter(([k, p]) =>
    isRequired(item, k) && !["object", "map", "array"].includes(kindOf(pick(p))));
  const body = h("tbody");
  rows.forEach((row, i) => {
    const rowPath = [...path, i], rowLoc = loc(rowPath);
    const open = !state.closed.has(rowLoc);
    const toggle = h("button", {type: "button", class: "small", "data-details": rowLoc, "aria-expanded": String(open),
      onclick: () => { state.closed.has(rowLoc) ? state.closed.delete(rowLoc) : state.closed.add(rowLoc); drawForm(); applyProblems(state.check.problems); }},
      open ? "details ▾" : "details ▸");
    body.append(h("tr", {"data-loc": rowLoc},
      h("td", {class: "num"}, String(i + 1)),
      ...columns.map(([k, p]) => h("td", {"data-loc": loc([...rowPath, k])}, input(pick(p), (row || {})[k], [...rowPath, k], true))),
      h("td", {class: "act"}, toggle, " ", h("button", {type: "button", class: "small", title: `remove ${humanize(key).toLowerCase()} ${i + 1}`,
        "data-remove": rowLoc, onclick: () => edit([{op: "remove", path: rowPath}], true)}, "✕"))));
    const details = h("td", {colspan: columns.length + 2});
    if (open) {
      const rest = {...item, properties: Object.fromEntries(Object.entries(item.properties).filter(([k]) => !columns.some(([c]) => c === k)))};
      details.append(...Array.from(drawObject(`${humanize(key)} ${i + 1}`, rest, row || {}, rowPath, true, "").childNodes).slice(1));
    }
    body.append(h("tr", {class: "details", hidden: !open}, details));
  });
  const table = h("table", {class: "rows"},
    h("thead", {}, h("tr", {}, h("th", {class: "num"}, "#"), ...columns.map(([k]) => h("th", {}, humanize(k))), h("th", {class: "act"}, ""))),
    body);
  return h("fieldset", {"data-loc": loc(path)}, h("legend", {}, humanize(key), " ", h("span", {class: "muted"}, `(${rows.length})`)),
    description ? h("div", {class: "help muted small"}, description) : null, table,
    h("div", {class: "row-actions"}, h("button", {type: "button", "data-add": loc(path), onclick: () => edit([{op: "add", path}], true)},
      `+ Add ${singular(key)}`)));
}
function singular(key) { const text = humanize(key).toLowerCase(); return text.endsWith("s") ? text.slice(0, -1) : text; }

/* A list of single values (the lines of an address). */
function drawList(key, item, value, path, required, description) {
  const items = Array.isArray(value) ? value : [];
  const stack = h("div", {class: "stack"});
  items.forEach((v, i) => stack.append(h("div", {class: "control", "data-loc": loc([...path, i])},
    input(item, v, [...path, i], true),
    h("button", {type: "button", class: "small", title: "remove this line", onclick: () => edit([{op: "remove", path: [...path, i]}], true)}, "✕"))));
  stack.append(h("button", {type: "button", class: "small", onclick: () => edit([{op: "add", path}], true)}, "+ line"));
  return h("div", {class: "field", "data-loc": loc(path)},
    h("label", {}, humanize(key), required ? h("span", {class: "req"}, "*") : ""), stack,
    description ? h("div", {class: "help"}, description) : null);
}

/* A free mapping (closing prices by date): a row per key, keys editable, and the days the Market Price needs. */
function drawMap(key, f, value, path, description) {
  const entries = Object.entries(value || {});
  const keyKind = f.propertyNames && f.propertyNames.format === "date" ? "date" : "text";
  const valueSchema = pick(f.additionalProperties || {});
  const body = h("tbody");
  for (const [k, v] of entries) {
    const keyInput = input({format: keyKind === "date" ? "date" : undefined}, k, [...path, k, "#key"], true, iso => {
      if (iso && iso !== k) edit([{op: "rename", path: [...path, k], to: iso}], true);
    });
    body.append(h("tr", {"data-loc": loc([...path, k])},
      h("td", {}, keyInput), h("td", {}, input(valueSchema, v, [...path, k], true)),
      h("td", {class: "act"}, h("button", {type: "button", class: "small", title: `remove ${k}`,
        onclick: () => edit([{op: "remove", path: [...path, k]}], true)}, "✕"))));
  }
  const needed = ((state.check && state.check.market_days_needed) || []).filter(d => !(value || {})[d]);
  const actions = h("div", {class: "row-actions"},
    h("button", {type: "button", class: "small", onclick: () => {
      const next = needed[0] || nextDay(entries.length ? entries[entries.length - 1][0] : state.data.closing_date);
      edit([{op: "set", path: [...path, next], value: "TBD"}], true);
    }}, "+ Add a day"));
  if (needed.length) {
    actions.append(h("button", {type: "button", class: "small", "data-fill-days": loc(path), onclick: () =>
      edit(needed.map(d => ({op: "set", path: [...path, d], value: "TBD"})), true)},
      `+ Add the ${needed.length} trading day${needed.length === 1 ? "" : "s"} the Market Price needs`));
  }
  return h("div", {class: "field wide-field", "data-loc": loc(path)},
    h("label", {}, humanize(key)),
    h("div", {}, h("table", {class: "rows"}, h("thead", {}, h("tr", {}, h("th", {}, keyKind === "date" ? "Trading day" : "Key"),
      h("th", {}, "Value"), h("th", {class: "act"}, ""))), body), actions),
    description ? h("div", {class: "help"}, description) : null);
}
function nextDay(iso) {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso || "") ? new Date(iso + "T12:00:00Z") : new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function inputId(path) { return "f-" + loc(path).replace(/[^A-Za-z0-9_-]/g, "_"); }

/* One input for one value. Typing sends a `set` edit (debounced); a placeholder (TBD) shows as an empty field. */
function input(f, value, path, required, onKey) {
  const kind = kindOf(f), id = inputId(path), pathText = JSON.stringify(path);
  const shown = value === null || value === undefined ? "" : String(value);
  const placeholder = PLACEHOLDER.test(shown);
  const send = (text, started) => onKey ? onKey(text) : edit([text === "" && !required ? {op: "remove", path}
                                                 : {op: "set", path, value: text === "" ? null : text}], false, started);
  if (kind === "enum" || kind === "bool") {
    const options = kind === "bool" ? ["false", "true"] : f.enum.map(String);
    const select = h("select", {id, "data-path": pathText, onchange: () => send(select.value)},
      options.includes(shown) ? null : h("option", {value: "", selected: true}, placeholder ? `— choose (${shown}) —` : "— choose —"),
      ...options.map(o => h("option", {value: o, selected: o === shown}, o.replace(/_/g, " "))));
    return select;
  }
  const field = h("input", {type: "text", id, "data-path": pathText, value: placeholder ? "" : shown,
    placeholder: placeholder ? shown : (kind === "date" ? "YYYY-MM-DD" : ""), class: placeholder ? "placeholder-value" : null,
    inputmode: kind === "number" ? "decimal" : null, "aria-label": loc(path)});
  let timer = null;
  field.addEventListener("input", () => {
    const typed = performance.now();
    field.dataset.typed = String(typed);
    if (timer === null) pending++;
    clearTimeout(timer);
    field.classList.remove("placeholder-value");
    timer = setTimeout(() => { timer = null; pending--; send(field.value.trim(), typed); }, onKey ? 600 : 60);
  });
  if (kind !== "date") return field;
  const button = h("button", {type: "button", class: "small cal-button", title: "calendar (closed days marked)",
    "data-calendar": pathText, onclick: () => openCalendar(wrap, field, iso => {
      if (timer !== null) { clearTimeout(timer); timer = null; pending--; }
      field.value = iso; field.classList.remove("placeholder-value"); send(iso);
    })}, calendarIcon());
  const wrap = h("div", {class: "date-wrap"}, field, button);
  return wrap;
}

function calendarIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  for (const [tag, attrs] of [["rect", {x: 1.5, y: 2.5, width: 13, height: 12, rx: 1.5, fill: "none", stroke: "currentColor"}],
                              ["path", {d: "M1.5 6h13M5 1v3M11 1v3", stroke: "currentColor"}],
                              ["rect", {x: 4, y: 8, width: 2, height: 2, fill: "currentColor"}],
                              ["rect", {x: 7, y: 8, width: 2, height: 2, fill: "currentColor"}],
                              ["rect", {x: 10, y: 11, width: 2, height: 2, fill: "currentColor"}]]) {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}

/* Values changed in the YAML text: update the inputs without redrawing (keeps focus and caret). */
function syncValues() {
  const form = document.getElementById("form");
  let structural = false;
  for (const node of form.querySelectorAll("[data-path]")) {
    // the field being typed in, and any typed in after this answer was asked for, keep what was typed
    if (node === document.activeElement || Number(node.dataset.typed || 0) > state.sent) continue;
    const path = JSON.parse(node.dataset.path);
    if (path[path.length - 1] === "#key") continue;
    let value = state.data;
    for (const part of path) value = value === null || value === undefined ? undefined : value[part];
    if (typeof value === "object" && value !== null) { structural = true; continue; }
    const shown = value === null || value === undefined ? "" : String(value);
    if (node.tagName === "SELECT") {
      if (![...node.options].some(o => o.value === shown)) structural = true;
      else node.value = shown;
    } else if (!PLACEHOLDER.test(shown) && node.value !== shown) node.value = shown;
  }
  if (structural) drawForm();
  return structural;
}

/* Each problem at its field (or the nearest section that has one) and at its YAML line. */
function applyProblems(problems) {
  const form = document.getElementById("form");
  form.querySelectorAll(".error-text, .warning-text").forEach(n => n.remove());
  form.querySelectorAll(".has-error").forEach(n => n.classList.remove("has-error"));
  const hiddenCounts = new Map();
  const places = new Map();
  for (const node of form.querySelectorAll("[data-loc]")) if (!places.has(node.dataset.loc)) places.set(node.dataset.loc, node);
  for (const p of problems) {
    let at = p.path, target = null;
    while (true) {
      target = places.get(at) || null;
      if (target || !at) break;
      at = parentLoc(at);
    }
    if (!target) continue;
    const text = /^is a placeholder/.test(p.message) ? "to fill in" : p.message + (p.hint ? ` — ${p.hint}` : "");
    const message = h("div", {class: p.severity === "error" ? "error-text" : "warning-text", "data-problem": p.path, title: p.text},
      (at !== p.path ? `${p.path.slice(at.length).replace(/^\./, "")}: ` : "") + text);
    if (target.tagName === "TR") {  // inside a collapsed details row: counted on its toggle
      hiddenCounts.set(target, (hiddenCounts.get(target) || 0) + (p.severity === "error" ? 1 : 0));
      continue;
    }
    if (p.severity === "error") target.classList.add("has-error");
    if (target.tagName === "FIELDSET") {
      const after = target.querySelector(":scope > legend");
      (after ? after.after(message) : target.prepend(message));
    } else target.append(message);
    const field = target.matches("td") ? target.querySelector("input, select") : null;
    if (field && p.severity === "error") field.classList.add("has-error");
  }
  for (const [row, count] of hiddenCounts) {
    const toggle = row.querySelector("[data-details]");
    if (toggle && count) toggle.textContent = `details ▸ (${count})`;
  }
}

/* ------------------------------------------------------------------ the YAML side */
function drawGutter() {
  const yaml = document.getElementById("yaml");
  const count = yaml.value.split("\n").length;
  const gutter = document.getElementById("gutter");
  if (gutter.childElementCount !== count) {
    gutter.replaceChildren(...Array.from({length: count}, (_, i) => h("div", {}, String(i + 1))));
    drawMarks();
  }
}

function drawMarks() {
  const problems = (state.check && state.check.problems) || [];
  const yaml = document.getElementById("yaml");
  const lines = yaml.value.split("\n");
  const byLine = new Map();
  for (const p of problems) if (!byLine.has(p.line) || p.severity === "error") byLine.set(p.line, p);
  const gutter = document.getElementById("gutter"), backdrop = document.getElementById("backdrop");
  if (backdrop.childElementCount !== lines.length) {
    backdrop.replaceChildren(...lines.map(() => h("span", {}, "\u200b")));
  }
  const spans = backdrop.children;
  [...gutter.children].forEach((div, i) => {
    const p = byLine.get(i + 1);
    const kind = p ? (p.severity === "error" ? "err" : "warn") : "";
    if (div.className !== kind) { div.className = kind; if (spans[i]) spans[i].className = kind; }
    const title = p ? p.message : "";
    if (div.title !== title) div.title = title;
  });
  backdrop.scrollTop = yaml.scrollTop;
}

function drawProblems(problems) {
  drawMarks();
  applyProblems(problems);
  const list = document.getElementById("problems");
  list.replaceChildren(...problems.map(p => h("li", {class: p.severity, "data-line": p.line, onclick: () => focusLine(p.line)},
    h("strong", {}, `line ${p.line}`), `: ${p.path ? p.path + ": " : ""}${p.message}`, p.hint ? h("span", {class: "hint"}, ` (${p.hint})`) : "")));
}

function focusLine(line) {
  const yaml = document.getElementById("yaml");
  const lines = yaml.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  yaml.focus();
  yaml.setSelectionRange(start, start + (lines[line - 1] || "").length);
  yaml.scrollTop = Math.max(0, (line - 6) * 18);
}

/* ------------------------------------------------------------------ the figures */
let lastFigures = {};
function drawFigures(result) {
  const box = document.getElementById("figures");
  const f = result.figures;
  if (!f) {
    const errors = result.problems.filter(p => p.severity === "error").length;
    const parts = [h("div", {class: "waiting"}, result.data ? `The figures appear when the term sheet is valid: ${errors} error${errors === 1 ? "" : "s"} to fix.`
                                                           : "The YAML text has an error; the figures come back when it is fixed.")];
    if (result.market_days_needed && result.market_days_needed.length) {
      parts.push(h("h3", {}, "Market Price days"), h("p", {class: "rule"}, "The Market Price averages these trading days:"),
        h("table", {}, h("tbody", {}, ...result.market_days_needed.map(d => h("tr", {}, h("td", {}, d), h("td", {class: "v"}, (state.data.market_price || {}).closing_prices && state.data.market_price.closing_prices[d] || "—"))))));
    }
    box.replaceChildren(...parts);
    lastFigures = {};
    return;
  }
  const seen = {};
  const cell = (key, text, title) => {
    seen[key] = text;
    return h("td", {class: "v" + (lastFigures[key] !== undefined && lastFigures[key] !== text ? " changed" : ""),
                    "data-figure": key, title}, text);
  };
  const inputsText = inputs => Object.entries(inputs || {}).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("\n");
  const investorRule = field => (f.investors.find(r => r[field]) || {})[field];
  const t = f.twenty;
  box.replaceChildren(
    h("h3", {}, "Prices"),
    h("table", {}, h("tbody", {}, ...f.prices.map(p => h("tr", {title: inputsText(p.inputs)},
      h("td", {}, humanize(p.key)), cell(p.key, p.value), h("td", {class: "rule"}, p.rule))))),
    h("h3", {}, "Investors"),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Investor"), h("th", {}, "Subscription"), h("th", {}, "Shares"), h("th", {}, "Warrant shares"))),
      h("tbody", {}, ...f.investors.map((r, i) => h("tr", {},
        h("td", {}, r.name, h("div", {class: "rule"}, `${r.certificate} · pays ${r.paid}${r.unapplied !== "$0.00" ? ` · returned ${r.unapplied}` : ""}`)),
        cell(`inv${i}.sub`, r.subscription),
        r.shares ? cell(`inv${i}.shares`, r.shares.value, r.shares.rule + "\n" + inputsText(r.shares.inputs)) : h("td"),
        r.warrant_shares ? cell(`inv${i}.warrants`, r.warrant_shares.value, r.warrant_shares.rule + "\n" + inputsText(r.warrant_shares.inputs)) : h("td"))),
        h("tr", {}, h("td", {}, h("strong", {}, "Total")), cell("tot.sub", f.totals.subscription), cell("tot.shares", f.totals.shares), cell("tot.warrants", f.totals.warrant_shares)))),
    h("p", {class: "rule"}, investorRule("shares") ? `Shares: ${investorRule("shares").rule}.` : "",
      investorRule("warrant_shares") ? ` Warrant shares: ${investorRule("warrant_shares").rule}.` : ""),
    h("h3", {}, `${t.threshold} test (${t.market})`),
    h("div", {class: "twenty" + (t.at_or_above ? " above" : "")},
      h("span", {class: "big", "data-figure": "twenty"}, t.value), ` of ${t.outstanding} shares outstanding (${t.issued} Shares and Warrant Shares): `,
      h("strong", {}, t.verdict), h("div", {class: "rule"}, t.rule)),
    h("h3", {}, "Market Price days"),
    h("table", {}, h("tbody", {}, ...f.market_days.map(d => h("tr", {}, h("td", {}, d.date), cell(`mp.${d.date}`, d.price)))),
      h("tfoot", {}, h("tr", {}, h("td", {}, h("strong", {}, "Market Price")), cell("mp.average", (f.prices.find(p => p.key === "market_price") || {}).value || "")))),
    h("p", {class: "rule"}, f.market_rule),
    h("h3", {}, "Deadlines"),
    h("table", {}, h("tbody", {}, ...f.deadlines.map(d => h("tr", {title: inputsText(d.inputs)},
      h("td", {}, humanize(d.name)), cell(d.key, d.value), h("td", {class: "rule"}, d.rule, d.note ? h("div", {}, d.note) : null))))),
  );
  lastFigures = seen;
}

/* ------------------------------------------------------------------ the calendar */
const closedCache = {};
async function closedDays(code, year) {
  const key = `${code}/${year}`;
  if (!closedCache[key]) closedCache[key] = call(`/api/calendar/${encodeURIComponent(code)}/${year}`).catch(() => ({}));
  return closedCache[key];
}

function openCalendar(wrap, field, pick) {
  document.querySelectorAll(".calendar").forEach(c => c.remove());
  const iso = text => /^\d{4}-\d{2}-\d{2}$/.test(text || "") ? text : null;
  const start = iso(field.value) || iso((state.data || {}).closing_date) || iso((state.data || {}).agreement_date)
    || new Date().toISOString().slice(0, 10);
  let year = Number(start.slice(0, 4)), month = Number(start.slice(5, 7)) - 1;
  const code = (state.data && state.data.principal_market && state.data.principal_market.calendar) || "NYSE";
  const box = h("div", {class: "calendar", role: "dialog", "aria-label": "choose a date"});
  const close = () => { box.remove(); document.removeEventListener("mousedown", outside); };
  const outside = e => { if (!box.contains(e.target) && !wrap.contains(e.target)) close(); };
  document.addEventListener("mousedown", outside);
  box.addEventListener("keydown", e => { if (e.key === "Escape") close(); });
  const draw = async () => {
    const closed = await closedDays(code, year);
    const first = new Date(Date.UTC(year, month, 1)), days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const cells = Array(first.getUTCDay()).fill(null).concat(Array.from({length: days}, (_, i) => i + 1));
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
    box.replaceChildren(
      h("div", {class: "cal-head"},
        h("button", {type: "button", class: "small", "aria-label": "previous month", onclick: () => { if (--month < 0) { month = 11; year--; } draw(); }}, "‹"),
        h("span", {}, first.toLocaleString("en-US", {month: "long", year: "numeric", timeZone: "UTC"})),
        h("button", {type: "button", class: "small", "aria-label": "next month", onclick: () => { if (++month > 11) { month = 0; year++; } draw(); }}, "›")),
      h("table", {}, h("thead", {}, h("tr", {}, ...["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"].map(d => h("th", {}, d)))),
        h("tbody", {}, ...rows.map(r => h("tr", {}, ...r.map(d => {
          if (!d) return h("td");
          const iso = `${year}-${String(month + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          const reason = closed[iso];
          const weekend = reason === "Saturday" || reason === "Sunday";
          return h("td", {}, h("button", {type: "button", "data-date": iso, title: reason ? `market closed: ${reason}` : "trading day",
            class: [reason ? "closed" : "", reason && !weekend ? "holiday" : "", iso === field.value ? "chosen" : ""].join(" ").trim() || null,
            onclick: () => { close(); pick(iso); }}, String(d)));
        }))))),
      h("div", {class: "legend"}, h("span", {class: "closed-key"}), ` market closed (${code}); struck through: a holiday`));
  };
  wrap.append(box);
  draw();
}

/* ------------------------------------------------------------------ the build page */
function buildPage() {
  const button = document.getElementById("build");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    document.getElementById("progress").hidden = false;
    let job;
    try { job = await call(`/api/deals/${encodeURIComponent(PAGE.name)}/build`, {}); }
    catch (err) { return failed(err.error || [String(err)]); }
    while (job.state === "running") {
      drawSteps(job);
      await new Promise(r => setTimeout(r, 350));
      job = await call(`/api/jobs/${job.id}`);
    }
    drawSteps(job);
    if (job.state === "done") location.reload();
    else failed(job.error);
  });
}
function drawSteps(job) {
  document.getElementById("steps").replaceChildren(...job.steps.map(s => h("li", {class: s.state}, s.title)));
}
function failed(lines) {
  const box = document.getElementById("build-error");
  box.hidden = false;
  box.replaceChildren(...lines.map(line => h("p", {class: "problem error"}, line)));
  document.querySelector("#progress h2").textContent = "The build stopped";
  document.getElementById("build").disabled = false;
}

if (document.body.dataset.page === "edit") editPage();
if (document.body.dataset.page === "build") buildPage();
