/* The edit page (new deal and edit): the form, the YAML beside it, the problems at their field and line, and the
   figures. Every keystroke in the YAML is checked on the server; every change in the form is an edit the server
   applies to the YAML text with round-trip YAML, so the file keeps its comments and order. */
"use strict";

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
  const shape = JSON.stringify([result.market_days_needed, result.structure]);
  if (state.check && shape !== JSON.stringify([state.check.market_days_needed, state.check.structure])) redraw = true;
  state.check = result;
  if (result.data) state.data = result.data;
  const problems = JSON.stringify(result.problems);
  if (redraw || !document.getElementById("form").childElementCount) { drawForm(); state.shown = null; }
  else if (syncValues()) state.shown = null;
  if (problems !== state.shown) drawProblems(result.problems);  // unchanged while typing in a field without one
  state.shown = problems;
  drawFigures(result);
  refreshSeriesTable();
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
  else out.push(h("span", {class: "badge bad"}, plural(errors, "error")));
  if (warnings) out.push(h("span", {class: "badge warn"}, plural(warnings, "warning")));
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
      (result.check.valid ? "" : ` (${plural(result.check.errors, "error")} still open)`);
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


/* Values changed in the YAML text: update the inputs without redrawing (keeps focus and caret). */
function syncValues() {
  const form = document.getElementById("form");
  let structural = false;
  for (const node of form.querySelectorAll("[data-path]")) {
    // the field being typed in, one whose edit is not sent yet, and any typed in after this answer was asked for,
    // keep what was typed
    if (node === document.activeElement || node.dataset.unsent || Number(node.dataset.typed || 0) > state.sent) continue;
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

if (document.body.dataset.page === "edit") editPage();
