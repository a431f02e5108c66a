"""The form variance report of a deal: each document taken from the form compared with the form's text (deal facts
masked), each deviation with the reason recorded beside its template, the deviations no reason explains and the
reasons that explain nothing. `form_variance.json` and `form_variance.html` of every closing set are written from it,
and the cover memo (templates/cover_memo, a document of the set) is rendered from its JSON (memo.py; `closing_set`).

A template is taken from a form when its folder has a variance.yaml (reasons.py). Per-certificate documents (one
Warrant per holder) are compared one by one; certificates whose comparison is the same (they differ only in masked
facts) are reported once, with the certificates they cover.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel

from assembler.checks.findings import ERROR, WARNING, Finding, Place, document_finding
from assembler.document import compiled
from assembler.errors import AssemblerError
from assembler.document.provenance import FACT_MARK, mark
from assembler.variance.cache import ComparisonCache
from assembler.variance.compare import Comparison
from assembler.variance.paragraphs import draft_paragraphs, form_paragraphs
from assembler.variance.form import Form, find_form
from assembler.variance.reasons import CATEGORIES, EXPRESSION, Reason, Reasons, load_reasons
from assembler.variance.tokens import DATE


ACCEPTED = "accepted in the term sheet"
VARIANCE_CHECK, STALE_CHECK = "form-variance", "stale-variance-reason"


@dataclass
class DocumentVariance:
    document: str  # the template id
    title: str
    keys: list[str]  # the documents of the set it covers (warrant#W-1, warrant#W-2)
    form: Form
    reasons: Reasons
    comparison: Comparison
    stale: list[Reason] = field(default_factory=list)
    rendered: dict[int, Reason] = field(default_factory=dict)  # the reasons that apply, in the deal's words


@dataclass
class Variance:
    deal: str
    edition: str
    documents: list[DocumentVariance]
    findings: list[Finding]

    @property
    def deviations(self):
        return [d for doc in self.documents for d in doc.comparison.deviations]

    @cached_property
    def data(self) -> dict:
        return variance_dict(self)

    def to_dict(self) -> dict:
        return self.data

    def json(self) -> bytes:
        return (json.dumps(self.data, indent=2, ensure_ascii=False) + "\n").encode()

    def html(self) -> bytes:
        from assembler.variance.html import variance_html

        return variance_html(self.data, {d.title: d.comparison.rows for d in self.documents}).encode()

    def memo(self) -> dict | None:
        """The cover memo's data (memo.py; the `variance` variable of templates/cover_memo), or None when no document
        of the set is taken from a form (the set then has no memo)."""
        from assembler.variance.memo import memo_data

        return memo_data(self.data) if self.documents else None


def closing_set(ts, fig, template_dirs: list[Path], statuses: dict[str, str] | None = None):
    """(documents, report): the whole closing set, the cover memo included, rendered from the report. Every path
    that renders a deal's set for its files, snapshots or checklist status renders it here; render_set alone renders
    the set without the memo (the document stage cannot import the report)."""
    rendering, specs = render_for_variance(ts, fig, template_dirs, statuses)
    report = compare_with_forms(ts, fig, template_dirs, specs, rendering)
    return rendering.with_memo(report.memo()), report


def render_for_variance(ts, fig, template_dirs: list[Path] | None, statuses: dict[str, str] | None = None):
    """(rendering, the templates taken from a form with their reasons): the set rendered once, the documents taken
    from a form also with their deal facts marked, and the cover memo's place kept when the set has one (it is
    rendered from the report: `Rendering.with_memo`)."""
    from assembler.document.assemble import render

    dirs = _dirs(template_dirs)
    specs = variance_specs(fig, dirs)
    return render(ts, fig, dirs, statuses, memo=bool(specs), marked={s.id for s, _ in specs}), specs


def variance_specs(fig, dirs: list[Path]) -> list:
    """(template, its reasons) for each template of the deal taken from a form (it has a variance.yaml)."""
    from assembler.document.assemble import applicable
    from assembler.document.registry import discover

    return [(s, r) for s in applicable(discover(dirs), fig) if (r := load_reasons(s.folder)) is not None]


def compare_with_forms(ts, fig, template_dirs, specs, rendering, edition: str | None = None) -> Variance:
    """The report from a rendering of the set (`render_for_variance`)."""
    exhibits = {d.exhibit: d.doc_id for d in rendering.documents if d.exhibit}
    return _report(ts, fig, _dirs(template_dirs), specs, rendering.marked, exhibits, edition)


def _dirs(template_dirs) -> list[Path]:
    from assembler.document.registry import DEFAULT_DIR

    return [Path(d) for d in (template_dirs or [DEFAULT_DIR])]


def form_variance(ts, fig, template_dirs: list[Path], marked=None, edition: str | None = None) -> Variance:
    """The report for a deal. `marked`: the set rendered with its facts marked (render_set(..., mark_facts=True)),
    rendered here when not given; `edition`: the edition of the form the deal uses (the form's first by default)."""
    dirs = _dirs(template_dirs)
    specs = variance_specs(fig, dirs)
    if not specs:
        return Variance(ts.deal.id, edition or "", [], [])
    if marked is None:
        return compare_with_forms(ts, fig, dirs, specs, render_for_variance(ts, fig, dirs)[0], edition)
    return _report(ts, fig, dirs, specs, marked, {d.exhibit: d.doc_id for d in marked if d.exhibit}, edition)


def _report(ts, fig, dirs: list[Path], specs, marked, exhibits: dict[str, str], edition: str | None) -> Variance:
    if not specs:
        return Variance(ts.deal.id, edition or "", [], [])
    dates = deal_dates(ts, fig)
    condition = _conditions(ts, fig, dirs)
    out: list[DocumentVariance] = []
    chosen = None
    comparisons = ComparisonCache()
    for spec, reasons in specs:
        form = find_form(reasons.form, dirs)
        chosen = chosen or edition or _edition(ts, form)
        if chosen not in form.spec.editions:
            raise AssemblerError(f"edition '{chosen}' is not an edition of the form {form.id} ({form.folder}/form.yaml "
                                 f"lists: {', '.join(form.spec.editions)})")
        theirs = form.paragraphs(reasons.document)
        groups: dict[tuple, DocumentVariance] = {}
        adaptations = [r for r in reasons.reasons if r.adaptation and r.applies(chosen, condition)]
        for doc in (d for d in marked if d.doc_id == spec.id and not d.signatory):
            draft = draft_paragraphs(doc)
            signature = tuple(_masked(p.text) for p in draft)  # certificates that differ only in names compare alike
            if signature in groups:
                groups[signature].keys.append(doc.key)
                continue
            comparison = comparisons.compare(spec.id, form_paragraphs(theirs), draft, tuple(form.spec.facts),
                                             form.spec.exhibits, exhibits, form.spec.dates, dates, adaptations)
            groups[signature] = DocumentVariance(spec.id, doc.title, [doc.key], form, reasons, comparison)
        out += groups.values()
    comparisons.close()
    render = _renderer(ts, fig, dirs, {doc.reasons.document: doc.comparison.sections for doc in reversed(out)})
    findings = _explain(out, chosen or "", condition, render, ts)
    return Variance(ts.deal.id, chosen or "", out, findings)


def _masked(text: str) -> str:
    """A paragraph with its facts blanked, but for dates (a date standing for something else is a change)."""
    return FACT_MARK.sub(lambda m: m.group(0) if DATE.fullmatch(m.group(1)) else mark("", fact=True), text)


def _edition(ts, form: Form) -> str:
    """The edition a deal chose (the term sheet's `edition`, when it has one), else the form's first."""
    chosen = getattr(ts, "edition", None)
    return str(getattr(chosen, "value", chosen)) if chosen else form.default_edition


def _conditions(ts, fig, dirs):
    """Evaluates a reason's `when` in the templates' own sandboxed environment, over ts, fig and w."""
    from assembler.document.environment import environment
    from assembler.document.wording import wording

    env, words, cache = environment(dirs), wording(ts, fig), {}

    def evaluate(expression: str, reason: Reason):
        try:
            if expression not in cache:
                cache[expression] = compiled.expression(env, expression)
            return cache[expression](ts=ts, fig=fig, w=words)
        except Exception as exc:  # noqa: BLE001 - any failure of the expression is the reasons file's error
            raise AssemblerError(f"{reason.file}:{reason.line}: when: {expression!r} cannot be evaluated: {exc}") \
                from None

    return evaluate


def _renderer(ts, fig, dirs, sections: dict[str, dict[str, str]]):
    """Renders a reason in the deal's words: each {{ expression }} of its text evaluated in the templates' sandboxed
    environment over ts, fig, w and section(where, document): the draft's number for a section of the form ("1.12"
    -> "Section 1.13", of the reason's own document unless another is named), "the form's Section 1.12" when the draft
    has none. An expression must give words: a figure is printed through a filter, as in a template."""
    from assembler.document.environment import environment
    from assembler.document.provenance import unmarked
    from assembler.document.wording import wording

    env, words, cache = environment(dirs), wording(ts, fig), {}

    def render(reason: Reason, document: str) -> Reason:
        source = reason.source
        if "{{" not in source:
            return reason

        def section(where: str, of: str | None = None) -> str:
            mine = sections.get(of or document, {}).get(where)
            name = mine or where
            named = name if name.startswith("Article") or not name[:1].isdigit() else f"Section {name}"
            return named if mine else f"the form's {named}"

        def value(match: re.Match) -> str:
            expression = match.group(1).strip()
            try:
                if expression not in cache:
                    cache[expression] = compiled.expression(env, expression)
                out = cache[expression](ts=ts, fig=fig, w=words, section=section)
            except Exception as exc:  # noqa: BLE001 - any failure of the expression is the reasons file's error
                raise AssemblerError(f"{reason.file}:{reason.line}: reason: {{{{ {expression} }}}} cannot be "
                                     f"evaluated: {exc}") from None
            if not isinstance(out, str):
                raise AssemblerError(f"{reason.file}:{reason.line}: reason: {{{{ {expression} }}}} gives "
                                     f"{type(out).__name__} {out!r}, not words (print a figure through a filter: "
                                     "num, wf, price, long_date ...)")
            return unmarked(str(out))

        return replace(reason, rendered=" ".join(EXPRESSION.sub(value, source).split()))

    return render


def _explain(documents: list[DocumentVariance], edition: str, condition, render, ts) -> list[Finding]:
    """Give each deviation its reason; the findings: deviations without one, reasons that match nothing."""
    findings: list[Finding] = []
    from assembler.checks.findings import accepts

    accepted = [a for a in ts.accepted_findings if a.check == VARIANCE_CHECK]
    by_file: dict[str, tuple[list[Reason], set[int]]] = {}
    for doc in documents:
        applying, used = by_file.setdefault(str(doc.reasons.file), (
            [render(r, doc.reasons.document) for r in doc.reasons.reasons if r.applies(edition, condition)], set()))
        doc.rendered = {r.index: r for r in applying}
        used.update(doc.comparison.adapted)
        for deviation in doc.comparison.deviations:
            match = next((r for r in applying if r.matches(deviation)), None)
            if match is not None:
                deviation.reason = match
                used.add(match.index)
                continue
            finding = document_finding(
                VARIANCE_CHECK, ERROR,
                f"{doc.title}, {deviation.where or deviation.form_where}: changed from the form with no reason "
                f"recorded in {doc.reasons.file} ({_quote(deviation.form)} -> {_quote(deviation.ours)}): record "
                f"why there ({_entry(deviation)}, category, reason), or keep the form's words",
                (deviation.ours or deviation.form)[:160], Place(doc.keys[0], paragraph=deviation.paragraph),
                doc.keys[0])
            note = next((a.reason for a in accepted if accepts(a, finding)), None)
            if note is not None:
                deviation.reason = _Accepted(note)
            findings.append(finding)
    for doc in documents:
        applying, used = by_file.pop(str(doc.reasons.file), ([], set()))
        doc.stale = [r for r in applying if r.index not in used and not r.optional]
        for reason in doc.stale:
            findings.append(document_finding(
                STALE_CHECK, WARNING, f"{reason.label}: this reason matches no change of {doc.title} from the form "
                f"(the template no longer deviates so, or the reason's where/form/ours no longer fit)",
                reason.text[:160], Place(reason.file, line=reason.line), doc.keys[0]))
    return findings


@dataclass(frozen=True)
class _Accepted:
    """A deviation the term sheet accepts (accepted_findings, check form-variance), with its reason."""

    text: str
    category: str = ACCEPTED
    file: str = ""
    line: int = 0
    recorded: str = "the term sheet (accepted_findings)"


def _entry(deviation) -> str:
    """The keys of a variance.yaml entry that would match the deviation."""
    quoted = [json.dumps(t if len(t) <= 60 else t[:50] + "*", ensure_ascii=False)
              for t in (deviation.form_match, deviation.ours_match)]
    return f'where: "{deviation.form_where}", form: {quoted[0]}, ours: {quoted[1]}'


def _quote(text: str) -> str:
    text = text if len(text) <= 70 else text[:69] + "…"
    return f'"{text}"' if text else "nothing"


def deal_dates(ts, fig) -> dict[str, set[str]]:
    """Each date of the deal as a document writes it, with what it is: the term sheet's field, or the warrant's."""
    from assembler.format import long_date

    found: dict[str, set[str]] = {}

    def walk(value, path: str) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{path}.{name}" if path else name)
        elif isinstance(value, list):
            for item in value:
                walk(item, path)
        elif isinstance(value, dt.date):
            found.setdefault(long_date(value), set()).add(path)

    walk(ts, "")
    for series in fig.series:
        found.setdefault(long_date(series.initial_exercise), set()).add("warrant.initial_exercise")
        found.setdefault(long_date(series.termination), set()).add("warrant.termination")
    return found


# ---------------------------------------------------------------- JSON

def variance_dict(v: Variance) -> dict:
    documents, grouped = [], {}
    for doc in v.documents:
        rows = []
        for d in doc.comparison.deviations:
            r = d.reason
            rows.append({
                "kind": d.kind, "section": d.where, "form_section": d.form_where, "form": d.form, "ours": d.ours,
                "masked": {"form": d.form_match, "ours": d.ours_match},  # each deal fact as {fact}: what is compared
                "before": d.before, "after": d.after, "form_line": d.form_line, "paragraph": d.paragraph,
                "reason": {"category": r.category, "text": r.text, "recorded": r.recorded if r.file else ""}
                if r is not None else None})
            if r is not None:
                entry = grouped.setdefault((r.category, r.text), {"category": r.category, "text": r.text,
                                                                  "documents": [], "sections": []})
                if doc.title not in entry["documents"]:
                    entry["documents"].append(doc.title)
                place = f"{doc.title} {d.where or d.form_where}"
                if place not in entry["sections"]:
                    entry["sections"].append(place)
        by_index = {r.index: r for r in doc.reasons.reasons} | doc.rendered
        adaptations = []
        for index, sections in sorted(doc.comparison.adapted.items()):
            r = by_index[index]
            adaptations.append({"category": r.category, "reason": r.text, "sections": sections,
                                "recorded": r.recorded})
            entry = grouped.setdefault((r.category, r.text), {"category": r.category, "text": r.text,
                                                              "documents": [], "sections": []})
            if doc.title not in entry["documents"]:
                entry["documents"].append(doc.title)
        documents.append({
            "document": doc.document, "title": doc.title, "covers": doc.keys, "form": doc.form.id,
            "form_document": doc.reasons.document,
            "reasons_file": f"{doc.reasons.file.parent.name}/{doc.reasons.file.name}",
            "paragraphs": {"form": doc.comparison.form_paragraphs, "draft": doc.comparison.draft_paragraphs},
            "sections": dict(sorted(doc.comparison.sections.items())),  # the form's section -> the draft's
            "deviations": rows,
            "adaptations": adaptations,
            "stale_reasons": [{"recorded": r.recorded, "where": r.where,
                               "form": r.change.form if r.change else None, "ours": r.change.ours if r.change else None,
                               "adapting": list(r.entry.replace) if r.adaptation else None, "reason": r.text}
                              for r in doc.stale]})
    order = {c: i for i, c in enumerate(CATEGORIES + ("accepted in the term sheet",))}
    reasons = sorted(grouped.values(), key=lambda e: order.get(e["category"], 99))
    deviations = [d for doc in documents for d in doc["deviations"]]
    forms = {doc.form.id: doc.form.spec.title for doc in v.documents}
    return {
        "deal": v.deal, "edition": v.edition,
        "forms": [{"id": k, "title": t} for k, t in forms.items()],
        "summary": {
            "documents": len(documents), "deviations": len(deviations),
            "explained": sum(d["reason"] is not None and d["reason"]["category"] != ACCEPTED for d in deviations),
            "accepted": sum(d["reason"] is not None and d["reason"]["category"] == ACCEPTED for d in deviations),
            "unexplained": sum(d["reason"] is None for d in deviations),
            "adaptations": sum(len(doc["adaptations"]) for doc in documents),
            "stale_reasons": sum(len(doc["stale_reasons"]) for doc in documents),
            "by_category": {c: sum(d["reason"] is not None and d["reason"]["category"] == c for d in deviations)
                            for c in CATEGORIES + (ACCEPTED,)},
        },
        "reasons": reasons,
        "documents": documents,
    }
