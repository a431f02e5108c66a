"""The structure of an offering (securities.STRUCTURES: shares only, shares and warrants, units, several warrant
series) read off a term sheet's data, and the edits that turn one structure into another while keeping every value
that still applies: what the web form's structure choice does.

Both work on the data as written (the mapping `parse_source` reads, every scalar the text typed), before validation,
so that a term sheet still full of TBDs has a structure too. An edit is a plain mapping, as the web's YAML editor
takes it (assembler/web/yamledit.py): {"op": "set" | "remove" | "fill" | "add" | "wrap" | "unwrap", "path": [...]}.
"""
from __future__ import annotations

from assembler.termsheet.securities import MAX_SERIES, STRUCTURES, Structure

PLACEHOLDER = "TBD"
SIZES = ("coverage_percent", "per_unit", "warrant_shares")  # the one-of group of a series' size (Warrants)


def structure(key: str) -> Structure:
    found = next((s for s in STRUCTURES if s.key == key), None)
    if found is None:
        raise KeyError(f"no structure '{key}' (one of {', '.join(s.key for s in STRUCTURES)})")
    return found


def _securities(data) -> dict:
    value = data.get("securities") if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _series(securities: dict) -> list:
    """The warrant series as written: one mapping, a list, or none."""
    written = securities.get("warrants")
    if isinstance(written, dict):
        return [written]
    return [s if isinstance(s, dict) else {} for s in written] if isinstance(written, list) else []


def _units(securities: dict) -> bool:
    return str(securities.get("units", "false")).strip().lower() in ("true", "yes", "on")


def structure_of(data) -> str | None:
    """The key of the structure `data` is written in; None when it is none of them (units without warrants)."""
    sec = _securities(data)
    count = min(len(_series(sec)), 2)
    return next((s.key for s in STRUCTURES if s.units == _units(sec) and s.series == count), None)


def series_name(index: int) -> str:
    return f"Series {chr(ord('A') + index)}"


def restructure(data, key: str, count: int | None = None) -> list[dict]:
    """The edits that turn the securities of `data` into structure `key` (with `count` series, for a structure of
    several: one more series is `count` = the series there are + 1). Values that still apply stay: the first series
    keeps its terms when a second is added, or when the Shares become Units (then only its size changes to per_unit);
    going from several series to one keeps the first and removes the others."""
    target = structure(key)
    sec = _securities(data)
    base = ["securities"]
    ops: list[dict] = []
    if target.units != _units(sec):
        ops.append({"op": "set", "path": base + ["units"], "value": "true" if target.units else "false"})
    series = _series(sec)
    written = sec.get("warrants")
    path = base + ["warrants"]
    if target.series == 0:
        if series or written not in (None, [], {}):
            ops.append({"op": "remove", "path": path})
        return ops
    if target.series == 1:
        if not series:
            ops.append({"op": "fill", "path": path})
        elif isinstance(written, list):
            ops += [{"op": "remove", "path": path + [i]} for i in range(len(series) - 1, 0, -1)]
            ops.append({"op": "unwrap", "path": path})
        kept = [(path, series[0] if series else {})]
    else:
        if isinstance(written, dict):
            ops.append({"op": "wrap", "path": path})
        wanted = max(2, len(series), min(count or 0, MAX_SERIES))
        ops += [{"op": "add", "path": path}] * (wanted - len(series))
        kept = [(path + [i], series[i] if i < len(series) else {}) for i in range(wanted)]
        ops += [{"op": "set", "path": where + ["name"], "value": series_name(i)}
                for i, (where, spec) in enumerate(kept) if not spec.get("name")]
    for where, spec in kept:
        ops += _size(where, spec, target.units)
    return ops


def _size(where: list, spec: dict, units: bool) -> list[dict]:
    """A series of a unit offering gives its warrant shares per Unit; a series of Shares a coverage (or a fixed
    number, which it keeps). A new series is written with the first size of the model (coverage_percent)."""
    has = next((k for k in SIZES if k in spec), SIZES[0])
    want = "per_unit" if units else (has if has != "per_unit" else SIZES[0])
    if want == has:
        return []
    return [{"op": "remove", "path": where + [has]}, {"op": "set", "path": where + [want], "value": PLACEHOLDER}]
