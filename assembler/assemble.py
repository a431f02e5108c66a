"""Render every template of the set into numbered, resolved document trees (no layout, no files)."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .errors import TemplateError
from .figures import Figures
from .registry import DEFAULT_DIR, TemplateSpec, discover, exhibit_letters
from .render.context import RawFigure, environment, error_position
from .termsheet import TermSheet
from .tree import Document, flatten, number, parse, resolve


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def render_set(ts: TermSheet, fig: Figures, template_dirs: list[Path] | None = None) -> list[Document]:
    """Documents of the closing set in order, numbered, cross-references resolved, flattened to blocks."""
    dirs = [Path(d) for d in (template_dirs or [DEFAULT_DIR])]
    specs = discover(dirs)
    letters = exhibit_letters(specs)
    env = environment([str(d) for d in reversed(dirs)])
    documents: dict[str, Document] = {}
    for spec in specs:
        exhibit = letters.get(spec.id)
        if spec.per == "deal":
            documents[spec.id] = _render(env, spec, exhibit, ts=ts, fig=fig)
        else:
            for investor, position in zip(ts.investors, fig.investors):
                key = f"{spec.id}#{position.certificate_number}"
                doc = _render(env, spec, exhibit, ts=ts, fig=fig, investor=investor, position=position, key=key)
                doc.certificate, doc.holder = position.certificate_number, investor.name
                documents[key] = doc
    for doc in documents.values():
        number(doc)
    for doc in documents.values():
        resolve(doc, documents)
        doc.blocks = flatten(doc)
    return list(documents.values())


def _render(env: jinja2.Environment, spec: TemplateSpec, exhibit: str | None, key: str | None = None,
            **context) -> Document:
    name = spec.template_name
    path = str(spec.folder / spec.template)
    doc_meta = {"id": spec.id, "title": spec.title, "exhibit": exhibit}
    try:
        xml_text = env.get_template(name).render(doc=doc_meta, **context)
    except (jinja2.UndefinedError, RawFigure, TypeError, ValueError, AttributeError) as exc:
        where = error_position(exc)
        raise TemplateError(where[0] if where else path, where[1] if where else None, str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.filename or path, exc.lineno, f"template syntax error: {exc.message}") from None
    root = parse(xml_text, path)
    return Document(key or spec.id, spec.id, spec.title, root, path, exhibit)
