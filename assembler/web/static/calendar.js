/* The date picker of the form: a month at a time, the days the market is closed (weekends and holidays, from the
   server's trading calendar) marked, holidays struck through. */
"use strict";

const closedCache = {};
async function closedDays(code, year) {
  const key = `${code}/${year}`;
  if (!closedCache[key]) closedCache[key] = call(`/api/calendar/${encodeURIComponent(code)}/${year}`).catch(() => ({}));
  return closedCache[key];
}

function openCalendar(wrap, field, choose) {
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
            onclick: () => { close(); choose(iso); }}, String(d)));
        }))))),
      h("div", {class: "legend"}, h("span", {class: "closed-key"}), ` market closed (${code}); struck through: a holiday`));
  };
  wrap.append(box);
  draw();
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

