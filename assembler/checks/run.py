"""The document checker: the checks a careful associate makes on a closing set, on any .txt, .docx or .pdf.

Pure functions. A document is a `Doc`: a name and its paragraphs, each with its place ("focus.txt:2031",
"01_purchase_agreement.docx ¶ 57", "x.pdf p. 3"), and, when it was rendered in this process, the facts of its
numbered tree (`tree_facts.py`). `check_docs` runs, on each document,

1. words-figures       a number written in words that disagrees with its figures ("one hundred fifty (120) days");
2. defined terms       undefined-term, defined-twice, unused-term;
3. references          missing-reference (a Section, Article, Exhibit or Schedule the document or set does not
                       have) and enumeration (clauses (a), (a) or (i), (iii) at the start of paragraphs);
4. placeholder         brackets, blanks, TBD and template tags, except blanks meant for handwriting (the Warrant's
                       Notice of Exercise and Assignment Form, signature lines "By: ____");

and, across the documents given together (one closing set),

5. inconsistent-figure the Purchase Price, each series' Exercise Price, exercise period and Warrant Shares (the
                       placement agent's warrant's and each certificate's too), the Purchase Agreement's date, the
                       total Shares and the Company's name, which must be the same wherever they appear (inside a
                       build: what the deal's figures say, and printed from the right figure), and a recital's
                       totals, which must be the sum of its own signature pages; governing-law (a warning) where
                       the governing law or the arbitration seat differ between documents;
6. several-closings    a deal with one Closing whose documents speak of a "second Closing" or "each Closing".

Each check lives in its own module (numbers, terms, references, placeholders, consistency, closings);
documents.py loads files (the only module that reads them; pdf_text.py rebuilds a PDF's paragraphs from its
layout), tree_facts.py takes the structure of a rendered document from its tree, analysis.py holds the shared
text analysis, findings.py the results. `check_documents` checks rendered `assembler.document.tree.Document`
objects without writing anything.
"""
from __future__ import annotations

from dataclasses import dataclass

from assembler.checks.analysis import Analysis, classify
from assembler.checks.closings import several_closings
from assembler.checks.consistency import across, compared, named_at, printed, signature_parts
from assembler.checks.documents import Doc, load_paths, split_exhibits, tree_doc
from assembler.checks.expected import Expected
from assembler.checks.findings import Finding
from assembler.checks.numbers import words_figures
from assembler.checks.placeholders import placeholders
from assembler.checks.references import enumeration, references
from assembler.checks.terms import definitions


def check_documents(documents, term_sheet=None, figures=None) -> list[Finding]:
    """Check a rendered set (assembler.document.tree.Document objects, as render_set returns them) without files:
    its structure (sections, clauses, headings, exhibits, forms, packets) from the numbered and resolved tree. With
    the term sheet and its figures (a build), each figure a document states is compared with the figures, and each
    printed figure is the one its words speak of (consistency.py)."""
    expected = Expected(term_sheet, figures) if figures is not None else None
    return check_docs([part for d in documents for part in split_exhibits(tree_doc(d))], expected)


@dataclass(frozen=True)
class Compared:
    """A figure a build's inconsistent-figure check compares: where, what it states, and the name of the figure the
    renderer printed there (document/provenance.py), or None where the tree names none."""

    document: str
    kind: str
    scope: str
    text: str
    figure: str | None


def compared_figures(documents, term_sheet, figures) -> list[Compared]:
    """Each figure a build's inconsistent-figure check compares: how much of it the tree identifies
    (tests/check/test_provenance_coverage.py)."""
    names = Expected(term_sheet, figures).series_names
    docs = [part for d in documents for part in split_exhibits(tree_doc(d))]
    out = []
    for analyzed in _sets(docs):
        out += [Compared(s.a.doc.hint or s.a.doc.name, s.kind, s.scope, s.raw, printed(s))
                for s in compared(analyzed, names)]
        out += [Compared(a.doc.hint or a.doc.name, f"{kind} (signature page)", scopes[-1], a.texts[i][start:end],
                         named_at(a, i, start, end))
                for a in analyzed if not a.compilation for kind, scopes, i, start, end in signature_parts(a)]
    return out


def check_paths(paths) -> list[Finding]:
    return check_docs(load_paths(paths))


def check_docs(docs: list[Doc], expected: Expected | None = None) -> list[Finding]:
    """Checks 1-4 on each document; check 5 across the documents of each group (documents given together are one
    closing set; each closing-set folder is its own), against the deal's figures when they are `expected`."""
    out: list[tuple] = []
    order = {id(d): k for k, d in enumerate(docs)}
    for analyzed in _sets(docs):
        for a in analyzed:
            if a.commentary:  # the cover memo: quotations of the form and of the set (analysis.py)
                continue
            out += words_figures(a)
            out += placeholders(a)
            if not a.compilation:
                out += enumeration(a)
        out += definitions(analyzed)
        out += references(analyzed)
        out += across(analyzed, expected)
        out += several_closings(analyzed)
    out.sort(key=lambda item: (order[id(item[0].doc)], item[1], item[2]))
    seen, findings = set(), []
    for _, _, _, finding in out:
        if finding not in seen:
            seen.add(finding)
            findings.append(finding)
    return findings


def _sets(docs: list[Doc]) -> list[list[Analysis]]:
    """The documents analyzed, by closing set (documents given together are one; each closing-set folder is its
    own)."""
    groups: dict[str, list[Doc]] = {}
    for doc in docs:
        groups.setdefault(doc.group, []).append(doc)
    out = []
    for members in groups.values():
        analyzed = [Analysis(d) for d in members]
        classify(analyzed)
        out.append(analyzed)
    return out
