"""The holiday tables kept in the user's cache (holiday_tables.py) read as `holidays` gives them; a damaged or
foreign file is ignored and the tables made again. The tables made at install (the store of precompiled.py) are read
when the user's file lacks them, and only when whole."""
from __future__ import annotations

import datetime as dt
import json

import holidays
import pytest

from assembler import calendar, holiday_tables, precompiled


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSEMBLER_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv(precompiled.ENV_DIR, str(tmp_path / "no-store"))
    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)

    def reset():
        holiday_tables.forget()
        precompiled.forget()
        calendar._holidays.cache_clear()

    reset()
    yield tmp_path / "calendar", reset
    reset()


def names(kind: str, year: int) -> dict:
    family, code = kind.split(":")
    made = holidays.financial_holidays(code, years=year) if family == "exchange" else \
        holidays.country_holidays(code, years=year)
    return dict(made.items())


KINDS = [("exchange:NYSE", 2004), ("exchange:NYSE", 1999), ("federal:US", 1999), ("federal:US", 2026)]


def test_tables_read_back_from_the_cache_are_those_of_holidays(fresh):
    folder, reset = fresh
    made = {k: holiday_tables.table(*k) for k in KINDS}
    holiday_tables.save()
    (file,) = folder.iterdir()
    reset()
    read = {k: holiday_tables.table(*k) for k in KINDS}
    assert read == made == {k: names(*k) for k in KINDS}
    assert read[("exchange:NYSE", 2004)][dt.date(2004, 6, 11)].startswith("National Day of Mourning")
    assert file.name.startswith(holiday_tables.version() + "-")


@pytest.mark.parametrize("damage", ["name changed", "not json", "another version"])
def test_a_damaged_or_foreign_file_is_ignored(fresh, damage):
    folder, reset = fresh
    holiday_tables.table("federal:US", 1999)
    holiday_tables.save()
    (file,) = folder.iterdir()
    data = json.loads(file.read_text())
    if damage == "name changed":  # the hash no longer matches
        data["tables"]["federal:US 1999"]["1999-11-25"] = "Founders' Day"
        text = json.dumps(data)
    elif damage == "not json":
        text = file.read_text()[:100]
    else:
        data["version"] = "holidays-0.1"
        data["sha256"] = holiday_tables.digest(data["tables"])
        text = json.dumps(data)
    file.write_text(text)
    reset()
    assert calendar.BUSINESS_DAYS.closed_reason(dt.date(1999, 11, 25)) == "Thanksgiving Day"
    holiday_tables.save()  # rewritten whole
    assert json.loads(file.read_text())["tables"]["federal:US 1999"]["1999-11-25"] == "Thanksgiving Day"


def test_an_exchange_holidays_does_not_know_is_not_supported_and_not_kept(fresh):
    folder, reset = fresh
    assert not calendar.supported_exchange("NOPE")
    assert calendar.supported_exchange("NYSE")
    holiday_tables.save()
    (file,) = folder.iterdir()
    assert list(json.loads(file.read_text())["tables"]) == ["exchange:NYSE 2000"]


def test_holiday_names_do_not_follow_the_environment_locale(monkeypatch):
    """holidays translates names when LANG (etc.) asks for a language it has: figures.json names holidays, so a
    machine set up in Thai would write other bytes. The names are asked for in American English."""
    from assembler import holiday_tables

    monkeypatch.setenv("LANG", "th_TH.UTF-8")
    monkeypatch.setenv("LANGUAGE", "th")
    names = holiday_tables.made("country:US", 2026)
    assert names[dt.date(2026, 1, 1)] == "New Year's Day"
    assert holiday_tables.made("exchange:NYSE", 2026)[dt.date(2026, 1, 1)] == "New Year's Day"


def _store(path, tables: dict, release: str | None = None) -> None:
    release = release or holiday_tables.version()
    precompiled.write(path, {holiday_tables.KIND: {holiday_tables.file_name(release): holiday_tables.encode(
        tables, release).encode()}}, {holiday_tables.KIND: release})


def test_a_table_the_store_holds_is_read_from_it_and_not_copied(fresh, tmp_path, monkeypatch):
    folder, reset = fresh
    real = holiday_tables.made("federal:US", 1999)
    planted = {"federal:US 1999": {"1999-11-26": "Store Day"}}  # not a real table: shows where it was read from
    _store(tmp_path / "store", planted)
    monkeypatch.setenv(precompiled.ENV_DIR, str(tmp_path / "store"))
    reset()
    assert calendar.BUSINESS_DAYS.closed_reason(dt.date(1999, 11, 26)) == "Store Day"
    assert calendar.BUSINESS_DAYS.closed_reason(dt.date(1999, 11, 25)) is None
    holiday_tables.save()
    assert not folder.exists() or not any(folder.iterdir())  # nothing made, nothing written
    assert real[dt.date(1999, 11, 25)] == "Thanksgiving Day"


@pytest.mark.parametrize("damage", ["file changed", "another release", "writable by others"])
def test_a_damaged_foreign_or_open_store_is_not_read(fresh, tmp_path, monkeypatch, damage):
    folder, reset = fresh
    store = tmp_path / "store"
    planted = {"federal:US 1999": {"1999-11-26": "Store Day"}}
    _store(store, planted, "holidays-0.1" if damage == "another release" else None)
    if damage == "file changed":  # the store's SHA-256 no longer matches (the file's own hash is made to match)
        (file,) = (store / holiday_tables.KIND).iterdir()
        planted["federal:US 1999"]["1999-11-27"] = "Planted Day"
        file.write_bytes(holiday_tables.encode(planted, holiday_tables.version()).encode())
    elif damage == "writable by others":
        store.chmod(0o777)
    monkeypatch.setenv(precompiled.ENV_DIR, str(store))
    reset()
    assert calendar.BUSINESS_DAYS.closed_reason(dt.date(1999, 11, 26)) is None
    assert calendar.BUSINESS_DAYS.closed_reason(dt.date(1999, 11, 25)) == "Thanksgiving Day"
