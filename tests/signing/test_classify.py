"""Filing one returned page against a set, from its marks alone (no rendering): the four outcomes and their words."""
from __future__ import annotations

from pathlib import Path

from assembler.closing_set.signature_index import IndexedDocument, SignatureIndex, SignaturePage
from assembler.document.signature_pages import Mark
from assembler.signing.status import classify

NOW = Mark("acme_2026", "purchase_agreement", 2, 2, "Bo_Chan", "0000beef")
INDEX = SignatureIndex("acme_2026", Path("."), (IndexedDocument(
    "purchase_agreement", "Purchase Agreement", "02_purchase_agreement.pdf", 30, "0000beef", None,
    (SignaturePage(Mark("acme_2026", "purchase_agreement", 1, 2, "Ann_Lee", "0000beef").text, 29, "Ann Lee", "Acme"),
     SignaturePage(NOW.text, 30, "Bo Chan", "Fund L.P."))),))


def _with(**changes) -> str:
    fields = {**NOW.__dict__, **changes}
    return Mark(**fields).text


def test_a_page_of_the_current_draft_is_matched_to_its_signature_page():
    filing = classify((NOW.text,), (), INDEX)
    assert filing.outcome == "matched" and filing.page.page == 30
    assert filing.detail == "Purchase Agreement, page 30: Bo Chan for Fund L.P."


def test_a_page_of_an_earlier_draft_is_stale_and_says_which_draft():
    filing = classify((_with(draft="1234abcd"),), (), INDEX, {"1234abcd": {"first_seen": "2026-03-02T10:00:00"}})
    assert filing.outcome == "stale"
    assert "draft 1234abcd, the set's draft first seen 2026-03-02; the set is now at draft 0000beef" in filing.detail
    unseen = classify((_with(draft="1234abcd"),), (), INDEX)
    assert "a draft not seen by collect" in unseen.detail
    gone = classify((_with(document="side_letter"),), (), INDEX)
    assert gone.outcome == "stale" and "no longer has that document" in gone.detail


def test_another_deals_page_is_foreign_and_anything_else_unrecognised():
    assert classify((_with(deal="other_1999"),), (), INDEX).outcome == "foreign"
    none = classify((), ("https://sign.example/envelope/1",), INDEX)
    assert none.outcome == "unrecognised" and "https://sign.example/envelope/1" in none.detail
    two = classify((NOW.text, _with(page=1, signatory="Ann_Lee")), (), INDEX)
    assert two.outcome == "unrecognised" and "several" in two.detail
    forged = classify((_with(signatory="Eve_Mallory"),), (), INDEX)  # the set's draft, but no such page
    assert forged.outcome == "unrecognised"
