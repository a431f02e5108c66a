/* assembler web, shared by every page: calls to the server (with the CSRF token), building DOM nodes, field paths,
   and reading the term sheet's JSON Schema (the form is drawn from it). No framework and nothing fetched from another
   site: the server does every check, edit and figure; the pages draw what it answers. */
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const PAGE = JSON.parse((document.getElementById("page-data") || {}).textContent || "{}");
const PLACEHOLDER = /^\s*(TBD|TBA|TBC|TK)\b|\[[^\]]*\]|[●•]|_{3,}/i;

async function call(url, body, headers) {
  const post = body !== undefined;
  const raw = body instanceof Blob || body instanceof ArrayBuffer;
  const response = await fetch(url, {
    method: post ? "POST" : "GET",
    headers: post ? {"content-type": raw ? "application/pdf" : "application/json", "x-csrf-token": CSRF, ...(headers || {})} : {},
    body: post ? (raw ? body : JSON.stringify(body)) : undefined,
  });
  let data;
  try { data = await response.json(); } catch (e) {
    const text = await response.clone().text().catch(() => "");
    data = {error: [text.trim() || `${response.status} ${response.statusText}`]};
  }
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
function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }
function seconds(s) { return s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.max(0, Math.round(s))} s`; }

/* ------------------------------------------------------------------ the schema */
let SCHEMA = null, DEFS = {};
function resolve(node) {
  if (node && node.$ref) {
    const {$ref, ...rest} = node;
    return {...DEFS[$ref.split("/").pop()], ...rest};
  }
  return node || {};
}
/* Optional[X] as X (nullable); one-or-many (a mapping, or a list of them) marked `many` with its item. */
function pick(node) {
  node = resolve(node);
  const variants = (node.anyOf || []).filter(v => v.type !== "null");
  if (node.type || !variants.length) return node;
  const {anyOf, ...rest} = node;
  const nullable = variants.length < node.anyOf.length;
  if (variants.length === 1) return {...pick(variants[0]), ...rest, nullable: nullable || rest.default !== undefined};
  const resolved = variants.map(resolve);
  const list = resolved.find(v => v.type === "array"), single = resolved.find(v => v.type === "object");
  if (resolved.length === 2 && list && single) return {...single, ...rest, many: true, items: list.items, maxItems: list.maxItems};
  return node;
}
function kindOf(f) {
  if (f.many) return "many";
  if (f.type === "object" && f.properties) return "object";
  if (f.type === "object") return "map";
  if (f.type === "array") return "array";
  if (f.enum) return "enum";
  if (f.type === "boolean") return "bool";
  if (f.format === "date") return "date";
  if (f.type === "integer" || f.type === "number" || (f.anyOf || []).some(v => v.type === "number")) return "number";
  return "text";
}
/* The one-of choices of a model (termsheet/types.exactly_one_of): a oneOf, or an allOf of several oneOfs, each
   alternative a list of required fields. */
function choiceGroups(node) {
  const groups = [];
  for (const part of [node, ...(node.allOf || [])]) {
    const alternatives = (part.oneOf || []).filter(a => a.required && Object.keys(a).length === 1).map(a => a.required);
    if (alternatives.length) groups.push(alternatives);
  }
  return groups;
}
function isRequired(node, key) {
  return (node.required || []).includes(key) || choiceGroups(node).some(group => group[0].includes(key));
}
function defaultOf(prop) {
  const d = resolve(prop).default;
  return d === undefined || d === null || (Array.isArray(d) && !d.length) || (typeof d === "object" && !Array.isArray(d)) ? undefined : String(d);
}
