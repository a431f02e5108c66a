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
from assembler.document.environment import RawFigure, environment, error_position
from assembler.termsheet.model import TermSheet
from assembler.document.signature_pages import paginate, stamp
from assembler.document.tree import Document, flatten, number, parse, resolve


@dataclass(frozen=True)
class Signatory:
    """A person (or an entity without a named signer) who signs pages of the set, in closing order."""

    name: str
    parties: tuple[str, ...]  # for whom
    documents: tuple[tuple[str, str], ...]  # (document key, document title), in set order


def party_names(ts: TermSheet, party: str, investor=None) -> list[str]:
    """The people a manifest's signatory keyword stands for."""
    if party == "company":
        return [f"{ts.company.signatory.name}, {ts.company.signatory.title}, for {ts.company.name}"]
    if party == "secretary":
        person = ts.company.secretary or ts.company.signatory
        return [f"{person.name}, {person.title}, for {ts.company.name}"]
    if party == "transfer_agent":
        return [f"{ts.transfer_agent.name}"]
    investors = [investor] if investor is not None else ts.investors
    return [f"{i.signatory.name}, {i.signatory.title}, for {i.name}" for i in investors]


def set_index(specs: list[TemplateSpec], ts: TermSheet, fig: Figures, letters: dict[str, str],
              statuses: dict[str, str] | None = None) -> list[dict]:
    """The documents of the set in closing order, for checklists and indexes (the `documents` template variable);
    `statuses` (by document title, from signing/status.py) fills the checklist's status column, "Open" by default."""
    index = []
    for spec in specs:
        if spec.per == "signatory":
            continue
        targets = list(zip(ts.investors, fig.investors)) if spec.per == "investor" else [(None, None)]
        for investor, position in targets:
            title = spec.title + (f" No. {position.certificate_number} ({investor.name})" if position else "")
            index.append({
                "id": spec.id, "title": title, "exhibit": letters.get(spec.id), "exhibit_of": spec.exhibit_of,
                "per": spec.per, "order": spec.order, "delivered_by": spec.delivered_by,
                "signatories": [name for party in spec.signatories for name in party_names(ts, party, investor)],
                "status": (statuses or {}).get(title, "Open"),
            })
    return index


def render_set(ts: TermSheet, fig: Figures, template_dirs: list[Path] | None = None,
               statuses: dict[str, str] | None = None) -> list[Document]:
    """Documents of the closing set in order, numbered, cross-references resolved, flattened to blocks."""
    dirs = [Path(d) for d in (template_dirs or [DEFAULT_DIR])]
    specs = discover(dirs)
    letters = exhibit_letters(specs)
    env = environment(dirs)
    index = set_index(specs, ts, fig, letters, statuses)
    documents: dict[str, Document] = {}
    for spec in specs:
        if spec.per == "signatory":
            continue
        exhibit = letters.get(spec.id)
        if spec.per == "deal":
            documents[spec.id] = _render(env, spec, exhibit, ts=ts, fig=fig, documents=index)
        else:
            for investor, position in zip(ts.investors, fig.investors):
                key = f"{spec.id}#{position.certificate_number}"
                doc = _render(env, spec, exhibit, ts=ts, fig=fig, investor=investor, position=position, key=key,
                              documents=index)
                doc.certificate, doc.holder = position.certificate_number, investor.name
                documents[key] = doc
    _finish(list(documents.values()), documents)
    for doc in documents.values():
        stamp(doc, ts.deal.id)
    packets: list[Document] = []
    for spec in (s for s in specs if s.per == "signatory"):
        for number_, signatory in enumerate(signatories(list(documents.values())), start=1):
            key = f"{spec.id}#{number_}"
            doc = _render(env, spec, letters.get(spec.id), ts=ts, fig=fig, signatory=signatory, key=key,
                          documents=index)
            doc.signatory = signatory.name
            packets.append(doc)
    _finish(packets, documents)
    return list(documents.values()) + packets


def _finish(docs: list[Document], documents: dict[str, Document]) -> None:
    for doc in docs:
        if doc.root is not None:
            number(doc)
    for doc in docs:
        if doc.root is not None:
            resolve(doc, documents)
            doc.blocks = paginate(flatten(doc), doc)


def signatories(documents: list[Document]) -> list[Signatory]:
    """Everyone who signs a page of the set, in order of first signature, with the documents they sign."""
    found: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}
    for doc in documents:
        for block in doc.signature_blocks():
            parties, docs = found.setdefault(block.signer, ([], []))
            if block.party not in parties:
                parties.append(block.party)
            entry = (doc.key, doc.title + (f" No. {doc.certificate}" if doc.certificate else ""))
            if entry not in docs:
                docs.append(entry)
    return [Signatory(name, tuple(parties), tuple(docs)) for name, (parties, docs) in found.items()]


def _render(env: jinja2.Environment, spec: TemplateSpec, exhibit: str | None, key: str | None = None,
            **context) -> Document:
    path = str(spec.path)
    doc_meta = {"id": spec.id, "title": spec.title, "exhibit": exhibit}
    if spec.native_docx:
        from assembler.document.word_template import render_native

        data, blocks = render_native(spec.path, env, {"doc": doc_meta, **context})
        return Document(key or spec.id, spec.id, spec.title, None, path, exhibit, blocks=blocks,
                        outputs=tuple(spec.outputs), native_docx=data)
    try:
        xml_text = env.get_template(path).render(doc=doc_meta, **context)
    except (jinja2.UndefinedError, RawFigure, TypeError, ValueError, AttributeError) as exc:
        where = error_position(exc)
        raise TemplateError(where[0] if where else path, where[1] if where else None, str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.filename or path, exc.lineno, f"template syntax error: {exc.message}") from None
    root = parse(xml_text, path)
    return Document(key or spec.id, spec.id, spec.title, root, path, exhibit, outputs=tuple(spec.outputs))
