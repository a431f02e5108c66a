"""The store made when the tool is installed (`python -m assembler.precompile`, run by `make setup`;
assembler/precompiled.py and document/compiled.py): a first rendering with an empty user cache compiles none of the
tool's templates and renders the same text; an entry that is not whole, a store others could write, a store made by
another version are never read, and code planted in them does not run."""
from __future__ import annotations

from pathlib import Path

import pytest

from assembler import holiday_tables, precompiled
from assembler.document import compiled
from assembler.document.blocks import document_text
from assembler.document.environment import HouseEnvironment, environment, fingerprint
from assembler.document.registry import DEFAULT_DIR
from assembler.variance.report import closing_set


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("install") / "precompiled"
    from assembler import precompile

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(precompiled.ENV_DIR, str(path))
        assert precompile.main() > 100  # every template of the tool, by path and by name, and the reasons' expressions
    return path


@pytest.fixture
def use(tmp_path, monkeypatch):
    """Render with an empty user cache and the given store; how many templates and expressions were compiled."""
    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)
    compiles = []
    compile_ = HouseEnvironment.compile  # every template and expression not found in a cache comes through here

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiles.append(name or "<expression>")
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(HouseEnvironment, "compile", counting)

    def run(store_path: Path | None, focus):
        monkeypatch.setenv("ASSEMBLER_CACHE_DIR", str(tmp_path / f"user-{len(list(tmp_path.iterdir()))}"))
        monkeypatch.setenv(precompiled.ENV_DIR, str(store_path or tmp_path / "none"))
        precompiled.forget()
        compiles.clear()
        docs, _ = closing_set(focus.term_sheet, focus.figures, None)
        return {d.key: document_text(d.blocks) for d in docs}, list(compiles)

    yield run
    precompiled.forget()


def test_a_first_rendering_with_the_store_compiles_nothing_and_says_the_same(store, use, focus):
    without, compiled_without = use(None, focus)
    with_store, compiled_with = use(store, focus)
    assert len(compiled_without) > 20  # the set's templates and the reasons' expressions
    assert compiled_with == []
    assert with_store == without


def _plant(store: Path, marker: Path) -> str:
    """Code that would create `marker`, keyed and checksummed exactly as Jinja looks the funds flow memo up: the name
    of the store's entry it replaces."""
    template = DEFAULT_DIR / "funds_flow" / "document.xml.j2"
    cache = compiled.CompiledTemplates(None, fingerprint(), None)
    bucket = cache.get_bucket(environment([DEFAULT_DIR]), str(template), str(template),
                              template.read_text(encoding="utf-8"))
    bucket.code = compile(f"open({str(marker)!r}, 'w').close()", str(template), "exec")
    name = cache.pattern % bucket.key
    assert (store / compiled.KIND / name).is_file()  # the store has this template, by this name
    (store / compiled.KIND / name).write_bytes(bucket.bytecode_to_string())
    return name


@pytest.mark.parametrize("spoil", ["entry changed", "index rewritten, store open to others", "store is a link",
                                   "another version"])
def test_code_planted_in_the_store_does_not_run(store, use, focus, tmp_path, spoil):
    import hashlib
    import json
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    marker = tmp_path / "PWNED"
    name = _plant(copy, marker)
    index = json.loads((copy / precompiled.INDEX).read_text())
    if spoil != "entry changed":
        index["files"][f"{compiled.KIND}/{name}"] = hashlib.sha256((copy / compiled.KIND / name).read_bytes()).hexdigest()
    if spoil == "another version":
        index["fingerprints"][compiled.KIND] = "0" * 16
    (copy / precompiled.INDEX).write_text(json.dumps(index))
    target = copy
    if spoil == "index rewritten, store open to others":
        copy.chmod(0o777)
    elif spoil == "store is a link":
        target = tmp_path / "link"
        target.symlink_to(copy)
    texts, compiled_now = use(target, focus)
    assert not marker.exists()
    assert str(DEFAULT_DIR / "funds_flow" / "document.xml.j2") in compiled_now  # compiled from its source instead
    assert "Funds Flow" in texts["funds_flow"] or "FUNDS FLOW" in texts["funds_flow"]


def test_the_store_holds_the_holiday_tables_of_the_calendars_deals_use(store, monkeypatch):
    monkeypatch.setenv(precompiled.ENV_DIR, str(store))
    precompiled.forget()
    opened = precompiled.store()
    release = holiday_tables.version()
    data = opened.read(holiday_tables.KIND, release, holiday_tables.file_name(release))
    tables = holiday_tables._checked(data, release)
    assert set(tables) == {f"{k} {y}" for k in holiday_tables.CALENDARS for y in holiday_tables.YEARS}
    assert tables["exchange:NYSE 2004"]["2004-06-11"].startswith("National Day of Mourning")
    assert opened.read(holiday_tables.KIND, "holidays-0.1", holiday_tables.file_name(release)) is None
    precompiled.forget()
