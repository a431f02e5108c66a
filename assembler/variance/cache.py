"""The comparison of a document with its form, kept under the hash of everything it is made from.

`diff --against` and every build compare the documents taken from a form with the form (the cover memo is made from
that comparison); for FOCUS that is about 0.3 s of CPU, most of it keying words, and the same paragraphs are compared
again on every diff and rebuild. A comparison (`compare.compare`) is a pure function of: the document's id, the form's
paragraphs and the draft's (number, text, section, references, line), the form deal's names, the exhibit letters and
dates on both sides, the adaptations that apply (their entries and places), and the tool's source (the code that
compares). Its key is the SHA-256 of those (closing_set/cache.key) and the tool fingerprint; the entry is the
comparison as JSON in the layout cache's format (checked length and hash: a damaged, truncated or foreign entry is
ignored, removed and the comparison made again), in the user's own cache directory `variance` (cache_dir.py).
The reasons are matched after the comparison (report._explain), so they are no part of the key but for adaptations.
"""
from __future__ import annotations

import json
from dataclasses import asdict

from assembler.variance.compare import Comparison, Deviation, Row, Segment, compare
from assembler.variance.paragraphs import Para

FORMAT = 1
LIMIT = 64 * 1024 * 1024  # a FOCUS set's comparisons are about N KB


def _paras(paras: list[Para]) -> list:
    return [[p.number, p.text, p.where, [list(r) for r in p.refs], p.line] for p in paras]


def _dates(dates: dict | None) -> dict:
    return {k: sorted(v) for k, v in (dates or {}).items()}


def material(document: str, form: list[Para], draft: list[Para], names: tuple[str, ...], form_exhibits, draft_exhibits,
             form_dates, draft_dates, adaptations) -> dict:
    from assembler.closing_set.inputs import tool_fingerprint

    return {"format": FORMAT, "tool": tool_fingerprint(), "document": document, "form": _paras(form),
            "draft": _paras(draft), "names": list(names), "form_exhibits": dict(form_exhibits or {}),
            "draft_exhibits": dict(draft_exhibits or {}), "form_dates": _dates(form_dates),
            "draft_dates": _dates(draft_dates),
            "adaptations": [[r.index, r.entry.model_dump(mode="json", by_alias=True)] for r in adaptations]}


def encode(comparison: Comparison) -> bytes:
    data = asdict(comparison)
    for d in data["deviations"]:
        if d["reason"] is not None:
            raise ValueError("a comparison is kept before its deviations are given their reasons")
    data["adapted"] = [[k, v] for k, v in comparison.adapted.items()]  # int keys, in their order
    return json.dumps(data, ensure_ascii=False).encode("utf-8")  # every dict in its order


def decode(data: bytes) -> Comparison | None:
    """The comparison kept in `data`, or None when it is not one (the cache's hash matched, so this is a foreign or
    older entry: ignored)."""
    try:
        d = json.loads(data)
        return Comparison(**{
            **d, "deviations": [Deviation(**x) for x in d["deviations"]],
            "rows": [Row(**{**r, "segments": [Segment(**s) for s in r["segments"]]}) for r in d["rows"]],
            "adapted": {int(k): list(v) for k, v in d["adapted"]}})
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class ComparisonCache:
    """compare() through the cache; `hits`/`misses` for tests and the build's log."""

    def __init__(self, enabled: bool = True) -> None:
        from assembler.closing_set.cache import LayoutCache

        self.store = LayoutCache.open(enabled, name="variance")

    def compare(self, document: str, form: list[Para], draft: list[Para], names: tuple[str, ...] = (),
                form_exhibits=None, draft_exhibits=None, form_dates=None, draft_dates=None,
                adaptations=()) -> Comparison:
        args = (document, form, draft, names, form_exhibits, draft_exhibits, form_dates, draft_dates, adaptations)
        if self.store.directory is None:
            return compare(*args)
        from assembler.closing_set.cache import key

        k = key(material(*args))
        entry = self.store.get(k)
        found = decode(entry.parts.get("comparison", b"")) if entry is not None else None
        if found is not None:
            return found
        comparison = compare(*args)
        self.store.put(k, {"document": document}, {"comparison": encode(comparison)})
        self.written = True
        return comparison

    def close(self) -> None:
        """Keep the cache under LIMIT once something was written."""
        if getattr(self, "written", False):
            self.store.prune(LIMIT)
