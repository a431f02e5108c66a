/* The signatures page: signed PDFs dropped (or chosen) are sent one at a time and filed by the server
   (assembler.signing.collect); the page then shows how each page was filed, who has signed what and who is
   outstanding, the executed documents, and the closing book once every signature page is in. */
"use strict";

const OUTCOME_CLASS = {matched: "ok", accompanying: "ok", unsigned: "warn", stale: "warn", foreign: "bad", unrecognised: "bad"};

function signingPage() {
  const drop = document.getElementById("drop"), files = document.getElementById("files");
  if (!drop) return;
  drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over"); upload([...e.dataTransfer.files]); });
  files.addEventListener("change", () => { upload([...files.files]); files.value = ""; });
  document.getElementById("make-book").addEventListener("click", makeBook);
  drawSigning(PAGE.state);
}

let uploading = Promise.resolve();
window.assembleUploads = () => uploading;  // for tests and scripts: every upload filed and shown
function upload(list) {
  const log = document.getElementById("uploads");
  for (const file of list) {
    const item = h("li", {class: "pending", "data-file": file.name}, h("strong", {}, file.name), " ", h("span", {class: "muted"}, "waiting…"));
    log.prepend(item);
    uploading = uploading.then(async () => {
      const note = item.querySelector("span");
      if (file.size > PAGE.max_body) {
        item.className = "error";
        note.textContent = `${(file.size / 1e6).toFixed(1)} MB is more than the ${(PAGE.max_body / 1e6).toFixed(0)} MB a request may carry: `
          + "send the signed pages in smaller files (or use assemble collect on this computer)";
        return;
      }
      note.textContent = "reading the pages…";
      try {
        const result = await call(`/api/deals/${encodeURIComponent(PAGE.name)}/signed?file=${encodeURIComponent(file.name)}`, file);
        const counts = Object.entries(result.counts).filter(([, n]) => n).map(([o, n]) => `${n} ${o}`);
        const again = result.pages.filter(p => p.again).length;
        item.className = result.counts.matched + (result.counts.accompanying || 0) === result.pages.length ? "done" : "warn";
        note.textContent = `${plural(result.pages.length, "page")}: ${counts.join(", ")}` + (again ? ` (${again} collected before)` : "");
        drawSigning(result.state);
      } catch (err) {
        item.className = "error";
        note.textContent = (err.error || [String(err)]).join(" ");
      }
    });
  }
}

async function makeBook() {
  const button = document.getElementById("make-book");
  button.disabled = true;
  button.textContent = "Making the closing book…";
  try {
    const result = await call(`/api/deals/${encodeURIComponent(PAGE.name)}/book`, {});
    drawSigning(result.state);
  } catch (err) {
    document.getElementById("book-note").textContent = (err.error || [String(err)]).join(" ");
  }
  button.textContent = "Make the closing book";
}

function fileLink(file) {
  return h("a", {href: `/deals/${encodeURIComponent(PAGE.name)}/signing/${encodeURIComponent(file)}`, download: ""}, file);
}

function drawSigning(s) {
  if (!s) return;
  document.getElementById("signed-count").replaceChildren(
    h("span", {class: "badge " + (s.complete ? "ok" : "warn")}, s.complete ? "every page signed" : `${s.signed} of ${plural(s.pages, "signature page")} in`));
  const waiting = s.documents.flatMap(d => d.pages.filter(p => !p.signed).map(p => h("li", {},
    h("strong", {}, p.signatory), ` for ${p.party}: ${d.title}, page ${p.page}`, p.stale.length ? h("span", {class: "warn-text"}, " (a stale copy came back)") : null)));
  document.getElementById("outstanding").replaceChildren(...(waiting.length ? [h("li", {class: "head"}, `Outstanding (${waiting.length}):`), ...waiting] : []));
  document.getElementById("documents").replaceChildren(...s.documents.map(d => h("tbody", {"data-document": d.key},
    h("tr", {class: "doc"}, h("th", {colspan: 3}, d.title, " ", h("span", {class: "badge " + ({complete: "ok", "partly signed": "warn"}[d.state] || "bad")}, d.state))),
    ...d.pages.map(p => h("tr", {class: p.signed ? "signed" : "outstanding", "data-signatory": p.signatory},
      h("td", {}, p.signatory, h("div", {class: "muted small"}, `for ${p.party} · page ${p.page}`)),
      h("td", {}, p.signed ? h("span", {class: "badge ok"}, "signed") : h("span", {class: "badge bad"}, "outstanding")),
      h("td", {class: "small"}, p.signed ? `from ${p.source}` : "", ...p.stale.map(c => h("div", {class: "warn-text"}, `stale copy: ${c}`))))))));
  const counts = Object.entries(s.counts).filter(([, n]) => n).map(([o, n]) => h("span", {class: "badge " + OUTCOME_CLASS[o]}, `${n} ${o}`));
  document.getElementById("filing-counts").replaceChildren(...counts);
  document.getElementById("filings").replaceChildren(...(s.filings.length ? s.filings.map(f => h("tr", {"data-outcome": f.outcome},
    h("td", {}, f.source), h("td", {class: "num"}, String(f.page)), h("td", {}, h("span", {class: "badge " + OUTCOME_CLASS[f.outcome]}, f.outcome)),
    h("td", {class: "small"}, f.detail))) : [h("tr", {}, h("td", {colspan: 4, class: "muted"}, "No pages collected yet."))]));
  document.getElementById("executed").replaceChildren(...(s.executed.length ? s.executed.map(e => h("li", {}, fileLink(e.file), " ", h("span", {class: "muted small"}, e.title)))
    : [h("li", {class: "muted"}, "None yet: a document is executed when every one of its signature pages is in.")]));
  const book = document.getElementById("book"), button = document.getElementById("make-book");
  button.disabled = !s.complete;
  button.title = s.complete ? "" : "the closing book needs every signature page";
  book.replaceChildren(...(s.book ? [h("li", {}, fileLink(s.book.pdf)), h("li", {}, fileLink(s.book.zip))] : []));
  document.getElementById("book-note").textContent = s.complete ? (s.book ? "" : "Every page is in: make the closing book.")
    : "The closing book is made once every signature page is in.";
}

if (document.body.dataset.page === "signing") signingPage();
