"""Render every template of the set into numbered, resolved document trees (no layout, no files).

Order of work (as Sphinx does it): render every document, then number them all, then resolve cross-references
across the set, then flatten to blocks; per-signatory documents (signature packets) come last, because they list the
signature blocks the other documents turned out to have.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from assembler.errors import TemplateError
from assembler.figures.compute import Figures
from assembler.document.registry import DEFAULT_DIR, TemplateSpec, discover, exhibit_letters
from assembler.document.environment import environment, template_failure
from assembler.document.facts import mark_figures, mark_term_sheet
from assembler.document.order import file_number, file_numbers
from assembler.document.provenance import MARKED, unmark_text
from assembler.termsheet.model import TermSheet
from assembler.termsheet.signatory import office
from assembler.document.signature_pages import paginate, stamp
from assembler.document.tree import Document, flatten, number, parse, resolve
from assembler.document.wording import wording


@dataclass(frozen=True)
class Signatory:
    """A person (or an entity without a named signer) who signs pages of the set, in closing order: a packet's
    signer. A person who signs for an investor has a packet for that investor alone (`investor`), so that one person
    signing for several funds sends each fund's pages and figures apart."""

    name: str
    parties: tuple[str, ...]  # for whom
    # (document key, document title, the timetable step its pages are signed at, what the packet takes of it: the
    # manifest's signed_at and packet), in set order
    documents: tuple[tuple[str, str, str, str], ...]
    investor: str | None = None  # the investor this packet is for (its pages only)


def party_names(ts: TermSheet, party: str, investor=None) -> list[str]:
    """The people a manifest's signatory keyword stands for."""
    if party == "company":
        return [f"{ts.company.signatory.name}, {office(ts.company.signatory)}, for {ts.company.name}"]
    if party == "secretary":
        person = ts.company.secretary
        return [f"{person.name}, {office(person)}, for {ts.company.name}"]
    if party == "directors":
        return [f"{d.name}, Director of {ts.company.name}" for d in ts.company.directors]
    if party == "covered_persons":
        return covered_persons(ts)
    if party == "transfer_agent":
        return [f"{ts.transfer_agent.name}"]
    investors = [investor] if investor is not None else ts.investors
    return [f"{i.signatory.name}, {office(i.signatory)}, for {i.name}" for i in investors]


def covered_persons(ts: TermSheet) -> list[str]:
    """The people who complete a Rule 506(d) questionnaire: each director and each executive officer named in the
    term sheet (the signing officer, the Secretary and company.executive_officers), each once."""
    names = [d.name for d in ts.company.directors] + [ts.company.signatory.name, ts.company.secretary.name]
    names += [officer.name for officer in ts.company.executive_officers]
    return list(dict.fromkeys(names))


def _holder(ts: TermSheet, cert):
    return ts.investors[cert.investor] if cert.investor is not None else None


def applicable(specs: list[TemplateSpec], fig: Figures, ts: TermSheet | None = None,
               variance: dict | None = None) -> list[TemplateSpec]:
    """The documents this deal has: a per-warrant document (the warrant certificate) and a document that requires
    warrants (the form of warrant, an exhibit, requires the investors' warrants: a placement agent's warrant alone has
    no form attached to the Purchase Agreement) drop out, with its exhibit letter, when the deal has none; a
    document that requires a Market Price or the Rule 506(d) questionnaires when the deal has none; the cover memo
    (requires form_variance) unless the form variance report's data is given (`variance`, variance/memo.py)."""
    have = {"warrants": bool(fig.certificates), "investor_warrants": bool(fig.investor_series),
            "market_price": fig.uses_market_price,
            "bad_actor": ts is not None and ts.edition.bad_actor, "form_variance": variance is not None}
    return [s for s in specs if not (s.per == "warrant" and not fig.certificates)
            and all(have[c] for c in s.requires)]


def series_documents(spec: TemplateSpec, fig: Figures, letter: str | None) -> list[tuple[str, str | None, str | None]]:
    """(key, series name, exhibit letter) of each document of a per-series template: one per series of the investors'
    warrants; with one series, the template's own key and letter ("Exhibit A"), with several, each its series' name
    and a numbered letter ("Exhibit A-1", "Exhibit A-2", in the order of the term sheet's series)."""
    series = fig.investor_series
    if len(series) == 1:
        return [(spec.id, None, letter)]
    return [(f"{spec.id}#{n}", s.name, f"{letter}-{n}" if letter else None) for n, s in enumerate(series, start=1)]


def title_of(spec: TemplateSpec, words) -> str:
    """A manifest title may name the deal's wording: `title: "{w.agreement_title}"`."""
    return spec.title.format(w=words) if "{" in spec.title else spec.title


def set_index(specs: list[TemplateSpec], ts: TermSheet, fig: Figures, letters: dict[str, str],
              statuses: dict[str, str] | None = None) -> list[dict]:
    """The documents of the set in closing order, for checklists and indexes (the `documents` template variable),
    each with the number its files begin with ("03", document/order.py);
    `statuses` (by document title, from signing/status.py) fills the checklist's status column, "Open" by default."""
    words = wording(ts, fig)
    index = []
    # the number each file of the set begins with (document/order.py); the packets come after every document
    numbers = file_numbers(s.id for s in specs if s.per != "signatory")
    for spec in specs:
        if spec.per == "signatory":
            continue
        letter = letters.get(spec.id)
        if spec.per == "warrant":
            targets = [(_holder(ts, cert), cert.number, cert.holder, letter) for cert in fig.certificates]
        elif spec.per == "investor":
            targets = [(investor, None, investor.name, letter) for investor in ts.investors]
        elif spec.per == "series":
            targets = [(None, None, name, exhibit) for _, name, exhibit in series_documents(spec, fig, letter)]
        else:
            targets = [(None, None, None, letter)]
        for investor, number, holder, exhibit in targets:
            title = title_of(spec, words) + (f" No. {number} ({holder})" if number else f" ({holder})" if holder else "")
            index.append({
                "id": spec.id, "title": title, "number": file_number(numbers[spec.id]),
                "exhibit": exhibit, "exhibit_of": spec.exhibit_of,
                "schedule_of": spec.schedule_of,
                "parties": list(spec.signatories),
                "per": spec.per, "order": spec.order, "delivered_by": spec.delivered_by,
                "signed_at": spec.signed_at if spec.signatories else None,
                "signatories": [name for party in spec.signatories for name in party_names(ts, party, investor)],
                "status": (statuses or {}).get(title, "Open"),
            })
    return index


def render_set(ts: TermSheet, fig: Figures, template_dirs: list[Path] | None = None,
               statuses: dict[str, str] | None = None, mark_facts: bool = False,
               variance: dict | None = None) -> list[Document]:
    """Documents of the closing set in order, numbered, cross-references resolved, flattened to blocks.
    `mark_facts`: every document rendered with what the term sheet fills in marked in its text (document/facts.py).
    `variance`: the cover memo's data (the `variance` template variable), from the form variance report, which
    compares the set's documents with the form first (variance/report.py `closing_set`); without it the set has no
    cover memo."""
    if mark_facts:
        return _render_marked(ts, fig, template_dirs, statuses)
    rendering = render(ts, fig, template_dirs, statuses, memo=variance is not None)
    return rendering.with_memo(variance) if variance is not None else rendering.documents


@dataclass
class Rendering:
    """A set rendered once (`render`): its documents, those of `marked` templates also with their deal facts marked
    (the form variance report's input), and the cover memo to come, rendered from the report (`with_memo`)."""

    documents: list[Document]  # in set order; the cover memo, when there is one, is a placeholder (`pending`)
    marked: list[Document]  # the documents of the templates asked for, their deal facts marked (not packets)
    pending: str | None  # the key of the cover memo's placeholder
    _memo: object = None  # renders the cover memo from the report's memo data

    def memo(self, variance: dict) -> Document:
        """The cover memo, rendered from the form variance report's memo data, numbered and resolved."""
        return self._memo(variance)

    def with_memo(self, variance: dict | None) -> list[Document]:
        """The whole set: the placeholder replaced by the cover memo (dropped when there is no report data)."""
        if self.pending is None:
            return list(self.documents)
        memo = self.memo(variance) if variance is not None else None
        return [memo if d.key == self.pending else d for d in self.documents if memo or d.key != self.pending]


def render(ts: TermSheet, fig: Figures, template_dirs: list[Path] | None = None,
           statuses: dict[str, str] | None = None, memo: bool = False,
           marked: frozenset[str] | set[str] = frozenset()) -> Rendering:
    """Render the set once. Each template whose id is in `marked` renders with its deal facts marked, and its
    document for the set is the same text with those marks taken off (a figure keeps its name): one rendering gives
    both (provenance.facts_unmarked). `memo`: the set has a cover memo (a placeholder until `Rendering.with_memo`;
    no document of the set signs it or includes its text, so nothing else waits for it)."""
    dirs = [Path(d) for d in (template_dirs or [DEFAULT_DIR])]
    specs = applicable(discover(dirs), fig, ts, {} if memo else None)
    letters = exhibit_letters(specs)
    env = environment(dirs)
    index = set_index(specs, ts, fig, letters, statuses)
    words = wording(ts, fig)
    plain = {"ts": ts, "fig": fig, "documents": index, "w": words}
    facts = None
    if marked:
        mts, mfig = mark_term_sheet(ts), mark_figures(fig)
        facts = (environment(dirs, True),
                 {"ts": mts, "fig": mfig, "documents": set_index(specs, mts, mfig, letters, statuses),
                  "w": wording(mts, mfig)})
    documents: dict[str, Document] = {}
    marks: dict[str, Document] = {}
    memo_spec = None

    def one(spec, key=None, exhibit=None, **context):
        exhibit = exhibit or letters.get(spec.id)
        if facts is None or spec.id not in marked or spec.native_docx:
            return _render(env, spec, exhibit, key=key, **plain, **context)
        fact_env, values = facts
        if "_at" in context:  # the marked rendering reads its own (marked) investor, position, warrant and series
            context = _marked_context(context, values)
        text = _xml(fact_env, spec, exhibit, {**values, **context})
        plain_doc = _document(spec, key, exhibit, title_of(spec, words), unmark_text(text))
        marks[plain_doc.key] = _document(spec, key, exhibit, title_of(spec, values["w"]), text)
        return plain_doc

    for spec in specs:
        if spec.per == "signatory":
            continue
        if "form_variance" in spec.requires:
            memo_spec = spec
            documents[spec.id] = Document(spec.id, spec.id, title_of(spec, words), None, str(spec.path),
                                          letters.get(spec.id), outputs=tuple(spec.outputs))
        elif spec.per == "deal":
            documents[spec.id] = one(spec, variance=None)
        elif spec.per == "warrant":
            for n, cert in enumerate(fig.certificates):
                key = f"{spec.id}#{cert.number}"
                position = fig.investors[cert.investor] if cert.investor is not None else None
                doc = one(spec, key, investor=_holder(ts, cert), position=position, warrant=cert,
                          series=fig.series[cert.series], _at=("certificate", n))
                doc.certificate, doc.holder = cert.number, cert.holder
                if key in marks:
                    marks[key].certificate, marks[key].holder = doc.certificate, doc.holder
                documents[key] = doc
        elif spec.per == "series":
            for n, (key, name, exhibit) in enumerate(series_documents(spec, fig, letters.get(spec.id))):
                doc = one(spec, key, exhibit, series=fig.investor_series[n], _at=("series", n))
                doc.series = name
                if key in marks:
                    marks[key].series = name
                documents[key] = doc
        else:
            for number_, (investor, position) in enumerate(zip(ts.investors, fig.investors), start=1):
                key = f"{spec.id}#{number_}"
                doc = one(spec, key, investor=investor, position=position, _at=("investor", number_ - 1))
                doc.holder = investor.name
                if key in marks:
                    marks[key].holder = doc.holder
                documents[key] = doc
    finished = [d for d in documents.values() if d.root is not None or d.native_docx is not None]
    _finish(finished, documents)
    _finish(list(marks.values()), {**documents, **marks})
    for doc in [*finished, *marks.values()]:
        stamp(doc, ts.deal.id)
    packets: list[Document] = []
    for spec in (s for s in specs if s.per == "signatory"):
        investors = [investor.name for investor in ts.investors]
        for number_, signatory in enumerate(signatories(finished, investors), start=1):
            key = f"{spec.id}#{number_}"
            doc = _render(env, spec, letters.get(spec.id), ts=ts, fig=fig, signatory=signatory, key=key,
                          documents=index, w=words)
            doc.signatory = signatory.name
            doc.signs_for = (signatory.investor,) if signatory.investor else ()
            packets.append(doc)
    _finish(packets, documents)

    def render_memo(data: dict) -> Document:
        doc = _render(env, memo_spec, letters.get(memo_spec.id), **plain, variance=data)
        _finish([doc], documents)
        stamp(doc, ts.deal.id)
        if doc.signature_blocks():
            raise TemplateError(str(memo_spec.path), None, "the cover memo cannot have signature blocks (the "
                                "signature packets are made before it)")
        return doc

    return Rendering(list(documents.values()) + packets, list(marks.values()),
                     memo_spec.id if memo_spec else None, render_memo if memo_spec else None)


def _marked_context(context: dict, values: dict) -> dict:
    """A certificate's or an investor's own values, taken from the marked term sheet and figures."""
    what, n = context["_at"]
    mts, mfig = values["ts"], values["fig"]
    if what == "series":
        return {**context, "series": mfig.investor_series[n]}
    if what == "certificate":
        cert = mfig.certificates[n]
        return {**context, "investor": mts.investors[cert.investor] if cert.investor is not None else None,
                "position": mfig.investors[cert.investor] if cert.investor is not None else None, "warrant": cert,
                "series": mfig.series[cert.series]}
    return {**context, "investor": mts.investors[n], "position": mfig.investors[n]}


def _render_marked(ts: TermSheet, fig: Figures, template_dirs, statuses) -> list[Document]:
    """Every document of the set (no cover memo) with its deal facts marked."""
    dirs = [Path(d) for d in (template_dirs or [DEFAULT_DIR])]
    specs = applicable(discover(dirs), fig, ts)
    return render(ts, fig, dirs, statuses, marked={s.id for s in specs}).marked


def _finish(docs: list[Document], documents: dict[str, Document]) -> None:
    for doc in docs:
        if doc.root is not None:
            number(doc)
    for doc in docs:
        if doc.root is not None:
            resolve(doc, documents)
            doc.blocks = paginate(flatten(doc), doc)


def signatories(documents: list[Document], investors: list[str] = ()) -> list[Signatory]:
    """Everyone who signs a page of the set, in order of first signature, with the documents they sign; a person's
    pages for each of `investors` (names) are a signatory of their own, for that investor."""
    found: dict[tuple[str, str | None], tuple[list[str], list[tuple[str, str]]]] = {}
    for doc in documents:
        for block in doc.signature_blocks():
            investor = block.party if block.party in investors else None
            parties, docs = found.setdefault((block.signer, investor), ([], []))
            if block.party not in parties:
                parties.append(block.party)
            entry = (doc.key, doc.title + (f" No. {doc.certificate}" if doc.certificate else ""), doc.signed_at, doc.packet)
            if entry not in docs:
                docs.append(entry)
    return [Signatory(name, tuple(parties), tuple(docs), investor)
            for (name, investor), (parties, docs) in found.items()]


def _render(env: jinja2.Environment, spec: TemplateSpec, exhibit: str | None, key: str | None = None,
            **context) -> Document:
    context.pop("_at", None)
    title = title_of(spec, context["w"])
    if spec.native_docx:
        from assembler.document.word_template import render_native

        doc_meta = {"id": spec.id, "title": title, "exhibit": exhibit}
        data, blocks = render_native(spec.path, env, {"doc": doc_meta, **context})
        return Document(key or spec.id, spec.id, title, None, str(spec.path), exhibit, blocks=blocks,
                        outputs=tuple(spec.outputs), native_docx=data, signed_at=spec.signed_at, packet=spec.packet)
    return _document(spec, key, exhibit, title, _xml(env, spec, exhibit, context))


def _xml(env: jinja2.Environment, spec: TemplateSpec, exhibit: str | None, context: dict) -> str:
    """The rendered XML text of an XML template."""
    context = {k: v for k, v in context.items() if k != "_at"}
    path = str(spec.path)
    doc_meta = {"id": spec.id, "title": title_of(spec, context["w"]), "exhibit": exhibit}
    try:
        return env.document(spec.path).render(doc=doc_meta, **context, **{MARKED: True})
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.filename or path, exc.lineno, f"template syntax error: {exc.message}") from None
    except Exception as exc:  # noqa: BLE001 - whatever a template's code raises is the template's error, located
        raise template_failure(exc, path) from None


def _document(spec: TemplateSpec, key: str | None, exhibit: str | None, title: str, xml_text: str) -> Document:
    path = str(spec.path)
    return Document(key or spec.id, spec.id, title, parse(xml_text, path), path, exhibit, outputs=tuple(spec.outputs),
                    signed_at=spec.signed_at, packet=spec.packet)
