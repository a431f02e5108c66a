"""Every deal of the corpus and both examples: each change from the form has its reason, no reason is stale, and each
reason marked `optional` (a change only some deals make, so that a deal without it does not make it stale) is made by
at least one of them: an optional reason no deal uses is a stale reason the marking would hide."""
from __future__ import annotations

from pathlib import Path

import pytest

from assembler.document.registry import DEFAULT_DIR
from assembler.figures.load import load
from assembler.variance.reasons import load_reasons
from assembler.variance.report import form_variance

ROOT = Path(__file__).resolve().parents[2]
DEALS = sorted((ROOT / "tests" / "deals").glob("*.yaml")) + sorted((ROOT / "term_sheets").glob("*.yaml"))
TAKEN_FROM_THE_FORM = ["purchase_agreement", "warrant", "registration_rights"]
# Optional reasons no deal of the corpus makes yet (structures it lacks, or alternatives another reason now covers):
# each is an untested claim until a deal makes it. Add the deal (or delete the reason), then strike the line; a new
# optional reason that no deal makes fails the test below.
NOT_YET_MADE = {
    'purchase_agreement: Preamble | "Investors, and the Investors shall purchase in the aggregate, (i) 1,250,000 '
    'shares" -> "Investor, and the Investor shall purchase, {fact} units (the "Units"), each consisting of one share"',
    'purchase_agreement: 2.1 | "Investors agree to purchase the Shares together with the Warrants" -> "Investor '
    'agrees to purchase the Units"',
    'purchase_agreement: 6.8 | "Securities to the Investors" -> "Shares, the Warrants and the Warrant Shares to the '
    'Investor"',
    'registration_rights: Preamble | "November 24, 1999 between *" -> "{fact}, between *"',
    'registration_rights: 2 | "Act. Each" -> "Securities Act. The"',
    'registration_rights: 3 | "Act by the Investor as selling stockholders and not as underwriters." -> "Securities '
    'Act by the Investor as a selling stockholder and not as an underwriter."',
}


def key(reason) -> str:
    """A reason as the list above names it: template, section, the form's words -> ours (no line number)."""
    c = reason.change
    return f'{Path(reason.file).parent.name}: {c.where} | "{c.form}" -> "{c.ours}"'


# The same structures on the form as filed: a current-edition deal with the edition and its market's 1999 name swapped
MARKETS_OF_1999 = {"Nasdaq Global Market": "Nasdaq National Market", "Nasdaq Capital Market": "Nasdaq SmallCap Market",
                   "Nasdaq Global Select Market": "Nasdaq National Market", "NYSE American": "American Stock Exchange"}


def as_filed(path: Path, folder: Path) -> Path:
    text = path.read_text(encoding="utf-8").replace("\nedition: current\n", "\nedition: as_filed\n")
    text = text.replace("  business_day_convention: following\n", "")  # the form as filed has no such clause
    for today, then in MARKETS_OF_1999.items():
        text = text.replace(f"  name: {today}\n", f"  name: {then}\n")
    (folder / path.name).write_text(text, encoding="utf-8")
    return folder / path.name


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out, folder = {}, tmp_path_factory.mktemp("as_filed")
    for path in DEALS:
        loaded = load(path)
        out[path.stem] = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR]).data
        if loaded.term_sheet.edition.value != "as_filed":
            loaded = load(as_filed(path, folder))
            out[path.stem + " (as filed)"] = form_variance(loaded.term_sheet, loaded.figures, [DEFAULT_DIR]).data
    return out


def test_every_deal_explains_every_change_and_has_no_stale_reason(reports):
    """Both editions are checked alike: each deal of the corpus as it is (15 on the current edition) and each
    current-edition deal again on the form as filed, so that the reasons of both editions are read on every structure.
    """
    assert len(reports) >= 2 * 17
    editions = {deal: data["edition"] for deal, data in reports.items()}
    assert {"focus_1999", "premium_exercise_price", "two_warrant_series (as filed)"} <= \
        {deal for deal, edition in editions.items() if edition == "as_filed"}
    current = {deal for deal, edition in editions.items() if edition == "current"}
    assert {"northwind_2026", "two_warrant_series", "units_two_series_agent", "minimal_shares_only"} <= current
    assert len(current) >= 15 and all(f"{deal} (as filed)" in reports for deal in current)
    wrong = {deal: data["summary"] for deal, data in reports.items()
             if data["summary"]["unexplained"] or data["summary"]["stale_reasons"]}
    assert wrong == {}
    assert all(data["summary"]["deviations"] > 0 for data in reports.values())


def test_the_current_edition_changes_are_explained_by_its_own_reasons(reports):
    """Each change a current-edition deal makes beyond the same deal on the form as filed carries a reason recorded
    for the current edition (current law or practice, or the business-day clause only it has), never a reason written
    for the form as filed that happens to match; and the reasons recorded for the current edition explain nothing in
    a deal of the form as filed."""
    def changes(data):
        return {(doc["document"], d["form_section"], d["masked"]["form"], d["masked"]["ours"]): d["reason"]
                for doc in data["documents"] for d in doc["deviations"]}

    current_only = {}
    for deal, data in reports.items():
        if data["edition"] != "current":
            continue
        theirs = changes(reports[f"{deal} (as filed)"])
        current_only.update({k: r for k, r in changes(data).items() if k not in theirs})
    assert len(current_only) > 30
    recorded = {r.recorded for name in TAKEN_FROM_THE_FORM for r in load_reasons(DEFAULT_DIR / name).reasons
                if r.entry.editions == ["current"]}
    assert {r["recorded"] for r in current_only.values()} <= recorded
    assert {r["category"] for r in current_only.values()} == {"current law", "current practice", "deal term"}
    for data in reports.values():
        if data["edition"] == "as_filed":
            used = {d["reason"]["recorded"] for doc in data["documents"] for d in doc["deviations"]}
            assert not used & recorded


def test_every_optional_reason_is_made_by_some_deal(reports):
    used = set()
    for data in reports.values():
        for doc in data["documents"]:
            used |= {d["reason"]["recorded"] for d in doc["deviations"] if d["reason"]}
            used |= {a["recorded"] for a in doc["adaptations"]}
    optional = {r.recorded: key(r) for name in TAKEN_FROM_THE_FORM for r in load_reasons(DEFAULT_DIR / name).reasons
                if r.optional}
    assert len(optional) > len(NOT_YET_MADE)
    assert sorted(k for recorded, k in optional.items() if recorded not in used) == sorted(NOT_YET_MADE)
