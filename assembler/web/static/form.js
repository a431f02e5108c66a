/* The term-sheet form, drawn from the JSON Schema and the data the server parsed: every section and field of the
   model in the model's order; a one-of choice (a price fixed or measured, a series' size, start and end) as a row of
   choices; optional sections added and removed; lists of objects (the investors) as a table; a mapping-or-list (the
   warrant series) as cards; the structure of the securities (x-structures) as a choice at the top of its section.
   Every change is an edit sent to the server (edit(), in edit.js), which applies it to the YAML text. */
"use strict";

function drawForm() {
  if (!SCHEMA || !state.data) return;
  const form = document.getElementById("form"), pane = document.getElementById("form-pane");
  const top = pane.scrollTop;
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
  const root = resolve(SCHEMA);
  const parts = [drawSections(root)], loose = [];
  const flush = () => {
    if (!loose.length) return;
    const dates = loose.every(([, f]) => kindOf(f) === "date");
    parts.push(h("fieldset", {class: "loose"}, dates ? h("legend", {}, "Dates") : null, ...loose.splice(0).map(([node]) => node)));
  };
  for (const [key, prop] of Object.entries(root.properties)) {
    const f = pick(prop), kind = kindOf(f), value = state.data[key];
    if (kind === "object" && f.nullable && (value === undefined || value === null)) continue;  // in the sections bar
    const node = drawProperty(root, key, prop, value, [key]);
    if (["object", "many"].includes(kind) || kind === "array" && kindOf(pick(f.items || {})) === "object") { flush(); parts.push(node); }
    else loose.push([node, f]);
  }
  flush();
  form.replaceChildren(h("div", {class: "form-problems", "data-loc": ""}), ...parts);
  pane.scrollTop = top;
  if (focused) {
    const again = form.querySelector(`[data-path="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
}

/* The optional sections of the term sheet (its optional mappings), each added or removed with one click. */
function drawSections(root) {
  const optional = Object.entries(root.properties).filter(([, p]) => { const f = pick(p); return kindOf(f) === "object" && f.nullable; });
  return h("div", {class: "sections", "aria-label": "optional sections"}, h("span", {class: "muted small"}, "Optional sections:"),
    ...optional.map(([key, prop]) => {
      const given = state.data[key] !== undefined && state.data[key] !== null;
      return h("button", {type: "button", class: "section-toggle" + (given ? " on" : ""), "data-section": key,
        "aria-pressed": String(given), title: (pick(prop).description || prop.description || "") + (given ? " (click to leave it out)" : ""),
        onclick: () => {
          if (given && !confirm(`Leave out ${humanize(key).toLowerCase()}? Its fields are removed from the term sheet.`)) return;
          edit([{op: given ? "remove" : "fill", path: [key]}], true).then(() => given || scrollToLoc(key));
        }}, given ? "✓ " : "+ ", humanize(key));
    }));
}
function scrollToLoc(where) {
  const node = document.querySelector(`#form [data-loc="${CSS.escape(where)}"]`);
  if (node) node.scrollIntoView({block: "start"});
}

function drawProperty(parent, key, prop, value, path) {
  const f = pick(prop), kind = kindOf(f);
  const required = isRequired(parent, key);
  const description = prop.description || f.description || "";
  if (kind === "object") return drawObject(key, prop["x-not-offered"] ? {...f, "x-not-offered": prop["x-not-offered"]} : f,
                                           value, path, required && !f.nullable, description);
  if (kind === "many") return drawCards(key, f, value, path, description);
  if (kind === "map") return drawMap(key, f, value, path, description);
  if (kind === "array") {
    const item = pick(f.items || {});
    if (kindOf(item) === "object") return drawRows(key, item, value, path, description);
    return drawList(key, item, value, path, required, description);
  }
  return h("div", {class: "field", "data-loc": loc(path)},
    h("label", {for: inputId(path)}, humanize(key), required ? h("span", {class: "req", title: "required"}, "*") : ""),
    h("div", {class: "control"}, input(f, value, path, required, null, defaultOf(prop))),
    description ? h("div", {class: "help"}, description) : null);
}

function drawObject(key, node, value, path, required, description, title) {
  const legend = h("legend", {}, title || humanize(key), " ");
  const box = h("fieldset", {"data-loc": loc(path)}, legend);
  if (value === null || value === undefined || typeof value !== "object") {
    legend.append(h("span", {class: "muted"}, required ? "(to fill in) " : "(optional, not given) "));
    box.append(h("button", {type: "button", class: "add-optional small", "data-fill": loc(path), onclick: () => edit([{op: "fill", path}], true)},
                 `+ Add ${humanize(key).toLowerCase()}`));
    if (description) box.append(h("div", {class: "help muted small"}, description));
    return box;
  }
  if (!required) legend.append(h("button", {type: "button", class: "link small", title: "leave this out", "data-remove": loc(path),
                                            onclick: () => edit([{op: "remove", path}], true)}, "remove"));
  if (description) box.append(h("div", {class: "help muted small"}, description));
  // the structure chosen says whether the investors buy Units: `units` is shown only where the securities are in
  // none of the structures (units without warrants), so that it can be put right
  const known = node["x-structures"] && state.check && state.check.structure;
  if (node["x-structures"]) box.append(drawStructures(node["x-structures"], path));
  drawFields(box, node, value, path, known ? new Set(["units"]) : undefined);
  return box;
}

/* The fields of an object in the model's order; each one-of group as a row of choices where its first field is. */
function drawFields(box, node, value, path, skip) {
  // a choice the model refuses here (x-not-offered: a Purchase Price as a premium to itself) is not offered, unless
  // the term sheet has it: then it shows, chosen, with its error
  const refused = node["x-not-offered"] || [];
  const groups = choiceGroups(node).map(g => g.filter(alt => !alt.some(k => refused.includes(k)) || alt.every(k => value[k] !== undefined)));
  const hidden = new Set(), placed = new Map();
  for (const group of groups) {
    const chosen = group.find(alt => alt.every(k => value[k] !== undefined)) || group[0];
    for (const alt of group) if (alt !== chosen) alt.forEach(k => hidden.add(k));
    placed.set(Object.keys(node.properties).find(k => group.some(alt => alt.includes(k))), [group, chosen]);
  }
  for (const k of refused) if (value[k] === undefined) hidden.add(k);
  for (const [k, prop] of Object.entries(node.properties)) {
    if (placed.has(k)) box.append(drawChoice(node, placed.get(k)[0], placed.get(k)[1], path));
    if (hidden.has(k) || (skip && skip.has(k))) continue;
    box.append(drawProperty(node, k, prop, value[k], [...path, k]));
  }
}

function drawChoice(node, group, chosen, path) {
  const name = "choice-" + loc(path) + "-" + group.map(a => a.join("+")).join("|");
  return h("div", {class: "choice", role: "radiogroup", "data-choice": loc(path), "data-group": group.flat().join(" ")},
    ...group.map(alt => h("label", {class: alt === chosen ? "chosen" : null},
      h("input", {type: "radio", name, value: alt.join(","), checked: alt === chosen,
        onchange: () => edit([...alt.map(k => kindOf(pick(node.properties[k])) === "object"
                                            ? {op: "fill", path: [...path, k]} : {op: "set", path: [...path, k], value: "TBD"}),
                              ...chosen.map(k => ({op: "remove", path: [...path, k]}))], true)}),
      alt.map(humanize).join(" and "))));
}

/* The structures of the offering the model supports (securities.STRUCTURES): choosing one changes the securities
   on the server (termsheet/structures.py), keeping every value that still applies. */
function drawStructures(structures, path) {
  const current = state.check && state.check.structure;
  const count = seriesCount();
  return h("div", {class: "structures", role: "radiogroup", "aria-label": "structure of the offering", "data-structures": loc(path)},
    ...structures.map(s => h("label", {class: "structure" + (s.key === current ? " chosen" : ""), "data-structure": s.key, title: s.description},
      h("input", {type: "radio", name: "structure-" + loc(path), value: s.key, checked: s.key === current, onchange: () => {
        const lost = s.series === 0 ? count : s.series === 1 ? count - 1 : 0;
        if (lost > 0 && !confirm(`${s.title}: ${plural(lost, "warrant series")} and ${lost === 1 ? "its" : "their"} terms will be removed.`)) { drawForm(); applyProblems(state.check.problems); return; }
        edit([{op: "structure", path, value: s.key}], true);
      }}),
      h("strong", {}, s.title), h("span", {class: "muted small"}, s.description))));
}
function structureOf(key) { return ((pick(resolve(SCHEMA).properties.securities) || {})["x-structures"] || []).find(s => s.key === key); }
function seriesCount() {
  const w = (state.data.securities || {}).warrants;
  return Array.isArray(w) ? w.length : w && typeof w === "object" ? 1 : 0;
}

/* A mapping-or-list of objects (the warrant series): one card per item; add and remove. */
function drawCards(key, f, value, path, description) {
  const items = Array.isArray(value) ? value.map((v, i) => [v, [...path, i]]) : value && typeof value === "object" ? [[value, path]] : [];
  const item = pick(f.items || {});
  const box = h("fieldset", {class: "cards", "data-loc": loc(path)},
    h("legend", {}, humanize(key), " ", h("span", {class: "muted"}, `(${items.length})`)));
  const current = structureOf(state.check && state.check.structure);
  if (items.length) box.append(seriesTable(items));
  items.forEach(([v, where], i) => {
    const title = (v && v.name && !PLACEHOLDER.test(v.name)) ? v.name : items.length > 1 ? `Series ${i + 1}` : humanize(key);
    const card = h("fieldset", {class: "card", "data-loc": loc(where), "data-card": i},
      h("legend", {}, title, " ", h("button", {type: "button", class: "link small", "data-remove": loc(where), title: `remove ${title}`,
        onclick: () => {
          if (!confirm(`Remove ${title} and its terms?`)) return;
          edit([{op: "remove", path: where}], true);
        }}, "remove")));
    drawFields(card, item, v || {}, where);
    box.append(card);
  });
  const add = () => {
    if (current) return edit([{op: "structure", path: path.slice(0, -1), value: structureWith(current, Math.min(2, items.length + 1)).key,
                               series: items.length + 1}], true);
    return edit(items.length === 1 && !Array.isArray(value) ? [{op: "wrap", path}, {op: "add", path}] : [{op: items.length ? "add" : "fill", path}], true);
  };
  box.append(h("div", {class: "row-actions"}, items.length ? null : h("span", {class: "muted small"}, "None. "),
    items.length >= (f.maxItems || 99) ? null : h("button", {type: "button", "data-add": loc(path), onclick: add},
      items.length ? "+ Add a series" : `+ Add ${humanize(key).toLowerCase()}`)));
  return box;
}
/* The warrant series side by side: each one's terms as written and, once the term sheet is valid, its figures (the
   exercise price, the dates, the warrant shares); a row leads to the series' card. */
function seriesTable(items) {
  const figures = (((state.check && state.check.figures) || {}).series || []).filter(s => !s.agent);
  // a term as written; one still to fill in (TBD) shows as what it is, then a dash
  const say = (v, written, unknown) => v === undefined || v === null || PLACEHOLDER.test(String(v)) ? `${unknown} —` : written(v);
  const size = v => v.coverage_percent !== undefined ? say(v.coverage_percent, x => `${x}% of the shares`, "coverage")
    : v.per_unit !== undefined ? say(v.per_unit, x => `${x} per Unit`, "per Unit")
    : v.warrant_shares !== undefined ? say(v.warrant_shares, x => `${x} in all`, "a number") : "—";
  const price = p => !p || typeof p !== "object" ? "—" : p.fixed !== undefined ? say(p.fixed, x => `fixed $${x}`, "fixed")
    : p.percent_of_market_price !== undefined ? say(p.percent_of_market_price, x => `${x}% of the Market Price`, "% of the Market Price")
    : p.discount_percent !== undefined ? say(p.discount_percent, x => `Market Price less ${x}%`, "discount")
    : p.percent_of_purchase_price !== undefined ? say(p.percent_of_purchase_price, x => `${x}% of the Purchase Price`, "% of the Purchase Price") : "—";
  const term = v => v.term_years !== undefined ? say(v.term_years, x => `${x} years`, "years")
    : v.term_months !== undefined ? say(v.term_months, x => `${x} months`, "months")
    : v.expiration && typeof v.expiration === "object" ? say(v.expiration.date, x => `to ${x}`, "to") : "—";
  const value = e => e && e.value !== undefined ? e.value : "—";
  const body = h("tbody");
  items.forEach(([v, where], i) => {
    v = v && typeof v === "object" ? v : {};
    const f = figures[i];
    body.append(h("tr", {"data-series-row": i, title: "go to its terms",
                         onclick: () => document.querySelector(`#form [data-card="${i}"]`).scrollIntoView({block: "start"})},
      h("td", {}, v.name && !PLACEHOLDER.test(v.name) ? v.name : items.length > 1 ? `Series ${i + 1}` : "Warrants"),
      h("td", {}, size(v)), h("td", {}, price(v.exercise_price), f ? h("div", {class: "v"}, value(f.exercise_price)) : null),
      h("td", {class: "v"}, f ? value(f.initial_exercise) : "—"), h("td", {}, term(v), f ? h("div", {class: "v"}, value(f.termination)) : null),
      h("td", {class: "v"}, f ? f.warrant_shares : "—")));
  });
  return h("table", {class: "rows series-table", "data-series-table": ""},
    h("thead", {}, h("tr", {}, ...["Series", "Size", "Exercise price", "Exercisable", "Term, expiry", "Warrant shares"].map(t => h("th", {}, t)))),
    body);
}
/* The series table follows each answer (its figures change as the investors' amounts are typed); the rest of the
   form is redrawn only when its shape changes. */
function refreshSeriesTable() {
  const table = document.querySelector("#form [data-series-table]");
  const w = state.data && state.data.securities ? state.data.securities.warrants : null;
  const items = Array.isArray(w) ? w.map(v => [v]) : w && typeof w === "object" ? [[w]] : [];
  if (table && items.length) table.replaceWith(seriesTable(items));
}
function structureWith(current, series) {
  const all = (pick(resolve(SCHEMA).properties.securities)["x-structures"] || []);
  return all.find(s => s.units === current.units && s.series === series) || current;
}

/* A list of objects (the investors): a table of their main fields, each with a details row for the rest. */
function drawRows(key, item, value, path, description) {
  const rows = Array.isArray(value) ? value : [];
  const scalar = p => !["object", "map", "array", "many"].includes(kindOf(pick(p)));
  const all = choiceGroups(item);
  const groups = all.filter(g => g.every(alt => alt.length === 1 && scalar(item.properties[alt[0]])));
  const inGroup = new Set(groups.flat(2));
  const columns = Object.entries(item.properties).filter(([k, p]) => (item.required || []).includes(k) && scalar(p) && !inGroup.has(k));
  const body = h("tbody");
  rows.forEach((row, i) => {
    row = row || {};
    const rowPath = [...path, i], rowLoc = loc(rowPath);
    const open = !state.closed.has(rowLoc);
    const toggle = h("button", {type: "button", class: "small", "data-details": rowLoc, "aria-expanded": String(open),
      onclick: () => { state.closed.has(rowLoc) ? state.closed.delete(rowLoc) : state.closed.add(rowLoc); drawForm(); applyProblems(state.check.problems); }},
      open ? "details ▾" : "details ▸");
    body.append(h("tr", {"data-loc": rowLoc},
      h("td", {class: "num"}, String(i + 1)),
      ...columns.map(([k, p]) => h("td", {"data-loc": loc([...rowPath, k])}, input(pick(p), row[k], [...rowPath, k], true))),
      ...groups.map(group => rowChoice(item, group, row, rowPath)),
      h("td", {class: "act"}, toggle, " ", h("button", {type: "button", class: "small", title: `remove ${singular(key)} ${i + 1}`,
        "data-remove": rowLoc, onclick: () => edit([{op: "remove", path: rowPath}], true)}, "✕"))));
    const details = h("td", {colspan: columns.length + groups.length + 2});
    const rest = all.filter(g => !groups.includes(g)).map(g => ({oneOf: g.map(alt => ({required: alt}))}));
    if (open) drawFields(details, {...item, oneOf: undefined, allOf: rest}, row, rowPath, new Set([...columns.map(([k]) => k), ...inGroup]));
    body.append(h("tr", {class: "details", hidden: !open}, details));
  });
  const table = h("table", {class: "rows"},
    h("thead", {}, h("tr", {}, h("th", {class: "num"}, "#"), ...columns.map(([k]) => h("th", {}, humanize(k))),
      ...groups.map(g => h("th", {class: "which-col"}, g.map(a => humanize(a[0])).join(" or "))), h("th", {class: "act"}, ""))),
    body);
  return h("fieldset", {"data-loc": loc(path)}, h("legend", {}, humanize(key), " ", h("span", {class: "muted"}, `(${rows.length})`)),
    description ? h("div", {class: "help muted small"}, description) : null, table,
    h("div", {class: "row-actions"}, h("button", {type: "button", "data-add": loc(path), onclick: () => edit([{op: "add", path}], true)},
      `+ Add ${singular(key)}`)));
}
/* One cell for a one-of group of single values (an amount or a number of shares): which one, and its value. */
function rowChoice(item, group, row, rowPath) {
  const chosen = group.find(alt => row[alt[0]] !== undefined) || group[0];
  const k = chosen[0];
  const select = h("select", {class: "which", "aria-label": group.map(a => a[0]).join(" or "), "data-which": loc(rowPath),
    onchange: () => edit([{op: "set", path: [...rowPath, select.value], value: "TBD"}, {op: "remove", path: [...rowPath, k]}], true)},
    ...group.map(alt => h("option", {value: alt[0], selected: alt === chosen}, humanize(alt[0]))));
  return h("td", {"data-loc": loc([...rowPath, k])}, h("div", {class: "with-which"}, select, input(pick(item.properties[k]), row[k], [...rowPath, k], true)));
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
  const entries = Object.entries(value && typeof value === "object" ? value : {});
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
  const given = value && typeof value === "object" ? value : {};
  const needed = (((state.check && state.check.market_days_needed) || {})[loc(path)] || []).filter(d => !given[d]);
  const stray = entries.map(([k]) => k).filter(k => PLACEHOLDER.test(k));
  const actions = h("div", {class: "row-actions"},
    h("button", {type: "button", class: "small", onclick: () => {
      const next = needed[0] || nextDay(entries.length ? entries[entries.length - 1][0] : state.data.closing_date);
      edit([{op: "set", path: [...path, next], value: "TBD"}], true);
    }}, "+ Add a day"));
  if (needed.length) {
    actions.append(h("button", {type: "button", class: "small", "data-fill-days": loc(path), onclick: () =>
      edit([...needed.map(d => ({op: "set", path: [...path, d], value: "TBD"})), ...stray.map(k => ({op: "remove", path: [...path, k]}))], true)},
      `+ Add the ${plural(needed.length, "trading day")} the Market Price needs`));
  }
  return h("div", {class: "field wide-field", "data-loc": loc(path)},
    h("label", {}, humanize(key)),
    h("div", {}, h("table", {class: "rows pairs"}, h("thead", {}, h("tr", {}, h("th", {class: "key-col"}, keyKind === "date" ? "Trading day" : "Key"),
      h("th", {}, "Value"), h("th", {class: "act"}, ""))), body), actions),
    description ? h("div", {class: "help"}, description) : null);
}
function nextDay(iso) {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso || "") ? new Date(iso + "T12:00:00Z") : new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function inputId(path) { return "f-" + loc(path).replace(/[^A-Za-z0-9_-]/g, "_"); }

/* One input for one value. Typing sends a `set` edit (debounced); a placeholder (TBD) shows as an empty field; a
   value left out shows its default, and emptying an optional field leaves it out again. */
function input(f, value, path, required, onKey, fallback) {
  const kind = kindOf(f), id = inputId(path), pathText = JSON.stringify(path);
  const shown = value === null || value === undefined ? "" : String(value);
  const placeholder = PLACEHOLDER.test(shown);
  const send = (text, started) => onKey ? onKey(text) : edit([text === "" && !required ? {op: "remove", path}
                                                 : {op: "set", path, value: text === "" ? null : text}], false, started);
  if (kind === "enum" || kind === "bool") {
    const options = kind === "bool" ? ["false", "true"] : f.enum.map(String);
    const empty = fallback !== undefined ? `default: ${fallback.replace(/_/g, " ")}` : placeholder ? `— choose (${shown}) —` : "— choose —";
    const select = h("select", {id, "data-path": pathText, onchange: () => send(select.value)},
      options.includes(shown) && fallback === undefined ? null : h("option", {value: "", selected: !options.includes(shown)}, empty),
      ...options.map(o => h("option", {value: o, selected: o === shown}, o.replace(/_/g, " "))));
    return select;
  }
  const field = h("input", {type: "text", id, "data-path": pathText, value: placeholder ? "" : shown,
    placeholder: placeholder ? shown : fallback !== undefined ? `default: ${fallback}` : (kind === "date" ? "YYYY-MM-DD" : ""),
    class: placeholder ? "placeholder-value" : null, inputmode: kind === "number" ? "decimal" : null, "aria-label": loc(path)});
  let timer = null;
  field.addEventListener("input", () => {
    const typed = performance.now();
    field.dataset.typed = String(typed);
    field.dataset.unsent = "1";  // an answer arriving meanwhile must not put the old value back (syncValues)
    if (timer === null) pending++;
    clearTimeout(timer);
    field.classList.remove("placeholder-value");
    timer = setTimeout(() => { timer = null; pending--; delete field.dataset.unsent; send(field.value.trim(), typed); },
                       onKey ? 600 : 60);
  });
  if (kind !== "date") return field;
  const wrap = h("div", {class: "date-wrap"}, field);
  wrap.append(h("button", {type: "button", class: "small cal-button", title: "calendar (closed days marked)",
    "data-calendar": pathText, onclick: () => openCalendar(wrap, field, iso => {
      if (timer !== null) { clearTimeout(timer); timer = null; pending--; delete field.dataset.unsent; }
      field.value = iso; field.classList.remove("placeholder-value"); send(iso);
    })}, calendarIcon()));
  return wrap;
}
