"""form_variance.html: the report as a reviewer reads it. For each document taken from the form: what it is compared
with, the deviations in a table (where, the form's words, ours, the category and the reason), the adaptations made
to the form for the deal's structure, the reasons that matched nothing, and the redline of the whole document against
the form (unchanged runs of paragraphs folded; masked deal facts shaded, so that a reader sees which words were
filled in from the term sheet). Self-contained (no script, no external file) and byte-identical for the same input.
"""
from __future__ import annotations

import html

from assembler.variance.compare import Row

CSS = """body{font-family:Georgia,'Times New Roman',serif;max-width:60em;margin:2em auto;line-height:1.45;color:#111}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:2em}h3{font-size:1.05em}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border:1px solid #bbb;padding:.25em .5em;
vertical-align:top;text-align:left}th{background:#eee}del{color:#b00;text-decoration:line-through}
ins{color:#05c;text-decoration:underline}.fact{background:#eee;border-radius:2px}.skip{color:#777;font-style:italic}
.cat{white-space:nowrap;font-size:.85em}.none{color:#b00;font-weight:bold}p.row{margin:.4em 0}
p.added{border-left:3px solid #05c;padding-left:.5em}p.removed{border-left:3px solid #b00;padding-left:.5em}
th.reason{font-weight:normal;background:#f4f4f4}.num{color:#555}.summary td:first-child{width:14em}.muted{color:#666;font-size:.9em}"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def variance_html(data: dict, rows: dict[str, list[Row]], context: int = 1) -> str:
    """The page, from the report's JSON content (`data`) and each document's redline rows (by document title)."""
    s = data["summary"]
    forms = "; ".join(f["title"] for f in data["forms"]) or "none"
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Form variance: {_e(data['deal'])}"
           f"</title><style>{CSS}</style></head><body>",
           f"<h1>Form variance report: {_e(data['deal'])}</h1>",
           "<table class='summary'>",
           f"<tr><td>Form</td><td>{_e(forms)}</td></tr>",
           f"<tr><td>Edition</td><td>{_e(data['edition'])}</td></tr>",
           f"<tr><td>Documents compared</td><td>{s['documents']}</td></tr>",
           f"<tr><td>Changes from the form</td><td>{s['deviations']}: {s['explained']} with a recorded reason, "
           f"{s['accepted']} accepted in the term sheet, "
           f"<span class='{'none' if s['unexplained'] else ''}'>{s['unexplained']} without a reason</span></td></tr>",
           f"<tr><td>Adaptations to the deal</td><td>{s['adaptations']}</td></tr>",
           f"<tr><td>Stale reasons</td><td>{s['stale_reasons']}</td></tr>",
           "</table>",
           "<p class='muted'>Deal facts (names, amounts, prices, dates, share counts, numbers in words and figures, "
           "and whatever the templates fill in from the term sheet) are masked on both sides, and layout (numbering, "
           "spacing, quotation marks, blank lines) is not compared: what remains is wording. Shaded words are deal "
           "facts.</p>"]
    for doc in data["documents"]:
        out += _document(doc, rows.get(doc["title"], []), context)
    out.append("</body></html>\n")
    return "\n".join(out)


def _document(doc: dict, rows: list[Row], context: int) -> list[str]:
    covers = ", ".join(doc["covers"])
    out = [f"<h2>{_e(doc['title'])}</h2>",
           f"<p class='muted'>Compared with the form's {_e(doc['form_document'].replace('_', ' '))} "
           f"({doc['paragraphs']['form']} paragraphs of the form, {doc['paragraphs']['draft']} of the draft); "
           f"covers {_e(covers)}. Reasons recorded in {_e(doc['reasons_file'])}.</p>"]
    if doc["deviations"]:
        out.append("<h3>Changes from the form</h3><table><tr><th>Where</th><th>The form</th><th>The draft</th></tr>")
        groups: dict[tuple, list[dict]] = {}
        for d in doc["deviations"]:  # by reason, in the order the reasons first apply; none first
            r = d["reason"]
            groups.setdefault((r["category"], r["text"]) if r else ("", ""), []).append(d)
        for (category, text), changes in sorted(groups.items(), key=lambda item: bool(item[0][1])):
            head = (f"<span class='cat'>{_e(category)}:</span> {_e(text)}" if text
                    else "<span class='none'>No reason recorded: each change below stops the build</span>")
            out.append(f"<tr><th colspan='3' class='reason'>{head}</th></tr>")
            for d in changes:
                where = d["section"] or f"(form {d['form_section']})"  # a deletion has no place in the draft
                if d["section"] and d["form_section"] and d["form_section"] not in d["section"]:
                    where += f" (form {d['form_section']})"
                out.append(f"<tr><td>{_e(where)}</td><td><del>{_e(d['form'])}</del></td>"
                           f"<td><ins>{_e(d['ours'])}</ins></td></tr>")
        out.append("</table>")
    if doc["adaptations"]:
        out.append("<h3>The form adapted to the deal</h3><table><tr><th>Sections</th><th>Category</th>"
                   "<th>Reason</th></tr>")
        for a in doc["adaptations"]:
            out.append(f"<tr><td>{_e(', '.join(a['sections']))}</td><td class='cat'>{_e(a['category'])}</td>"
                       f"<td>{_e(a['reason'])}</td></tr>")
        out.append("</table>")
    if doc["stale_reasons"]:
        out.append("<h3>Reasons that match no change</h3><ul>")
        out += [f"<li>{_e(r['recorded'])}: {_e(r['reason'])}</li>" for r in doc["stale_reasons"]]
        out.append("</ul>")
    out.append("<h3>Redline against the form</h3>")
    out += _redline(rows, context)
    return out


def _redline(rows: list[Row], context: int) -> list[str]:
    out: list[str] = []
    run: list[Row] = []

    def flush(last: bool) -> None:
        if len(run) > 2 * context + 1:
            head = run[:context] if out else []
            tail = [] if last else run[-context:]
            out.extend(_row(r) for r in head)
            out.append(f"<p class='skip'>… {len(run) - len(head) - len(tail)} unchanged paragraph(s) …</p>")
            out.extend(_row(r) for r in tail)
        else:
            out.extend(_row(r) for r in run)
        run.clear()

    for row in rows:
        if row.kind == "equal":
            run.append(row)
            continue
        flush(False)
        out.append(_row(row))
    flush(True)
    return out


def _row(row: Row) -> str:
    parts = []
    for seg in row.segments:
        text = _e(seg.text)
        parts.append({"equal": text, "masked": f"<span class='fact'>{text}</span>", "delete": f"<del>{text}</del>",
                      "insert": f"<ins>{text}</ins>"}[seg.op])
    number = f"<span class='num'>{_e(row.number)}</span> " if row.number else ""
    css = {"added": "row added", "removed": "row removed"}.get(row.kind, "row")
    return f"<p class='{css}'>{number}{' '.join(parts)}</p>"
