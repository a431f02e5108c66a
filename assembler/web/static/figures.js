/* The figures pane of the edit page: what the server's live check computed (assembler/web/live.py reads it off the
   library's Figures and audit trail), each figure with its rule; hover a row for the rule's inputs. A figure that
   changed since the last answer is highlighted. */
"use strict";

let lastFigures = {};
function drawFigures(result) {
  const box = document.getElementById("figures");
  const f = result.figures;
  if (!f) {
    const errors = result.problems.filter(p => p.severity === "error").length;
    const parts = [h("div", {class: "waiting"}, result.data ? `The figures appear when the term sheet is valid: ${plural(errors, "error")} to fix.`
                                                           : "The YAML text has an error; the figures come back when it is fixed.")];
    for (const [where, days] of Object.entries(result.market_days_needed || {})) {
      let given = state.data || {};
      for (const part of where.split(".")) given = given && typeof given === "object" ? given[part] : undefined;
      parts.push(h("h3", {}, where.includes("lower_of") ? "Second measure: its days" : "Market Price days"),
        h("p", {class: "rule"}, "The Market Price averages these trading days:"),
        h("table", {}, h("tbody", {}, ...days.map(d => h("tr", {}, h("td", {}, d),
          h("td", {class: "v"}, given && given[d] && !PLACEHOLDER.test(given[d]) ? given[d] : "—"))))));
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
  const about = e => e ? `${e.rule}${Object.keys(e.inputs || {}).length ? "\n" + inputsText(e.inputs) : ""}` : "";
  const row = (label, e) => e ? h("tr", {title: inputsText(e.inputs)}, h("td", {}, label), cell(e.key, e.value), h("td", {class: "rule"}, e.rule)) : null;
  const unit = f.units ? "Units" : "Shares";
  const parts = [
    h("h3", {}, "Prices"),
    h("table", {}, h("tbody", {}, ...f.prices.map(p => row(p.label + (p.key === "purchase_price" && f.units ? " per Unit" : ""), p)))),
    h("h3", {}, "Investors"),
    h("table", {class: "investors"}, h("thead", {}, h("tr", {}, h("th", {}, "Investor"), h("th", {}, "Pays"), h("th", {}, unit),
        f.series.some(s => !s.agent) ? h("th", {}, "Warrant shares") : null)),
      h("tbody", {}, ...f.investors.map((r, i) => h("tr", {},
        h("td", {}, r.name, h("div", {class: "rule"}, [r.certificates, r.percent + " of the deal", r.unapplied !== "$0.00" ? `returned ${r.unapplied}` : ""].filter(Boolean).join(" · "))),
        cell(`investors[${i}].paid`, r.paid, r.paid_by === "shares" ? "shares x Purchase Price" : `subscription ${r.subscription}`),
        cell(`investors[${i}].shares`, r.shares.value, about(r.shares)),
        r.warrant_shares ? cell(`investors[${i}].warrant_shares`, r.warrant_shares.value, about(r.warrant_shares)) : null)),
        h("tr", {class: "total"}, h("td", {}, "Total"), cell("totals.paid", f.totals.paid), cell("totals.shares", f.totals.shares),
          f.series.some(s => !s.agent) ? cell("totals.warrant_shares", f.totals.warrant_shares) : null))),
    f.investors.length ? h("p", {class: "rule"}, `${unit}: ${f.investors[0].shares.rule}.`) : null,
  ];
  for (const s of f.series.filter(s => !s.agent)) parts.push(...seriesBlock(s, cell, row, about));
  if (f.agent) {
    parts.push(h("h3", {}, `Placement agent: ${f.agent.name}`),
      h("table", {}, h("tbody", {}, row("Fee", f.agent.fee),
        f.agent.net_proceeds ? h("tr", {}, h("td", {}, "Net proceeds"), cell("net_proceeds", f.agent.net_proceeds), h("td", {class: "rule"}, "aggregate purchase price less the fee")) : null)));
    for (const s of f.series.filter(s => s.agent)) parts.push(...seriesBlock(s, cell, row, about, true));
  }
  const t = f.twenty;
  parts.push(h("h3", {}, `${t.threshold} test (${t.market})`),
    h("div", {class: "twenty" + (t.at_or_above ? " above" : "") + (t.approval_needed ? " needed" : "")},
      h("span", {class: "big", "data-figure": "twenty"}, t.value), ` of ${t.outstanding} shares outstanding (${t.issued} Shares and Warrant Shares): `,
      h("strong", {}, t.verdict), h("div", {class: "rule"}, t.rule)));
  for (const m of f.market) {
    parts.push(h("h3", {}, m.key === "market_price.second_measure" ? "Market Price: second measure" : m.key === "market_price.first_measure" ? "Market Price: first measure" : "Market Price days"),
      h("table", {}, h("tbody", {}, ...m.days.map(d => h("tr", {}, h("td", {}, d.date), cell(`${m.key}.${d.date}`, d.price)))),
        h("tfoot", {}, h("tr", {}, h("td", {}, h("strong", {}, "Average")), cell(`${m.key}.average`, m.value)))),
      h("p", {class: "rule"}, m.rule));
  }
  parts.push(h("h3", {}, "Deadlines"),
    h("table", {}, h("tbody", {}, ...f.deadlines.map(d => h("tr", {title: inputsText(d.inputs)},
      h("td", {}, d.label), cell(d.key, d.value), h("td", {class: "rule"}, d.rule, d.note ? h("div", {}, d.note) : null))))));
  box.replaceChildren(...parts);
  lastFigures = seen;
}

function seriesBlock(s, cell, row, about, agent) {
  return [
    h(agent ? "h4" : "h3", {"data-series": s.key}, s.label, h("span", {class: "muted small"}, ` · ${s.warrant_shares} warrant shares`)),
    h("table", {}, h("tbody", {}, row("Exercise price", s.exercise_price), row("Exercisable from", s.initial_exercise), row("Expires", s.termination))),
    h("table", {class: "certificates"}, h("tbody", {}, ...s.certificates.map(c => h("tr", {},
      h("td", {}, `${c.number} · ${c.holder}`), cell(`${s.key}.${c.number}`, c.warrant_shares.value, about(c.warrant_shares)))))),
    s.certificates.length && s.certificates[0].warrant_shares.rule ? h("p", {class: "rule"}, `Warrant shares: ${s.certificates[0].warrant_shares.rule}.`) : null,
  ];
}

function inputsText(inputs) {
  return Object.entries(inputs || {}).map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : v}`).join("\n");
}
