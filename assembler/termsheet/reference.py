"""The term-sheet reference (every field, its type, default, an example and what it means), generated from the model
so that it cannot drift from it. `python -m assembler.termsheet.reference --update` rewrites the table in
docs/term-sheet-reference.md; a test fails when the file and the model disagree."""
from __future__ import annotations

import typing
from enum import Enum
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticUndefined

from assembler.law import OUTSIDE_DATE_DAYS, OUTSIDE_DATE_MAX_DAYS
from assembler.termsheet.source import load_source
from assembler.termsheet.model import TermSheet

EXAMPLE = Path(__file__).resolve().parents[2] / "term_sheets" / "focus_1999.yaml"

MEANING = {
    "deal.id": "folder name of the closing set (lower case, digits, _ and -)",
    "deal.title": "title shown in tables and reports",
    "deal.draft_date": "date of the cover memo sent with the first drafts, on or before the Board's consent (default: "
                       "the first day of the closing timetable: the Board's consent, or an earlier exchange notice)",
    "edition": "the form's edition: as_filed (the 1999 form as filed: Section 4(2), Rule 144(k), facsimile notices, "
               "certificates, no business-day clause) or current (Section 4(a)(2), Rule 144 as amended in 2008, email "
               "notices and electronic signatures, book entry (DRS), Rule 506(d), today's markets)",
    "agreement_date": "date of the Purchase Agreement (the signing)",
    "board_consent_date": "date of the Board's unanimous written consent, on or before the agreement date (default: "
                          "the business day before it)",
    "closing_date": "Closing Date: a trading day on or after the agreement date",
    "outside_date": "current edition: the date after which a party may terminate the Purchase Agreement if the "
                    f"Closing has not occurred, on or after the Closing Date and no more than {OUTSIDE_DATE_MAX_DAYS} days "
                    f"after it (default: {OUTSIDE_DATE_DAYS} days after it)",
    "company.entity_type": "kind of entity, as the preamble says it (\"corporation\")",
    "company.notice": "notice contact of Section 12.1",
    "company.counsel": "company counsel who receives copies of notices; gives the legend-removal opinion",
    "company.signatory": "officer who signs every document for the company",
    "company.secretary": "officer who certifies the resolutions and the signing officer's incumbency (not the "
                         "signing officer, who countersigns)",
    "company.directors": "every member of the Board: each signs the unanimous written consent on a page of his or her own",
    "company.directors[].title": "a title beside \"Director\" (\"Chairman of the Board\")",
    "company.executive_officers": "executive officers other than the signatory and the secretary (a CFO): each "
                                  "completes a Rule 506(d) questionnaire (current edition) and gets a signature packet",
    "company.sec_documents.annual_report_form": "form of the annual report in the SEC Documents definition",
    "company.sec_documents.fiscal_year_end": "fiscal year of that annual report",
    "company.last_balance_sheet_date": "\"Since ...\" date of the no-material-adverse-change representations",
    "company.tax_reserves_since": "date from which tax reserves are represented adequate",
    "investors": "one entry per investor, in signature-page order; certificate numbers W-1, W-2... follow it",
    "investors[].amount": "subscription amount (whole cents): buys whole Shares under securities.share_rounding, and "
                          "the investor pays the lesser of it and Shares x Purchase Price; or give `shares`",
    "securities.warrants[].fractional_share_settlement": "cash: the fraction x the Exercise Price (the only value)",
    "placement_agent.warrants.fractional_share_settlement": "as for the investors' Warrants",
    "investors[].entity_type": "kind of entity; `individual`: a person, who signs in his or her own name",
    "investors[].shares": "the number of Shares (Units) the investor buys at the Purchase Price; or give `amount`",
    "investors[].signatory.title": "the person's own office (\"Vice President\"); the entity it is held in goes under "
                                   "`through`",
    "investors[].signatory.through": "the entities the person signs through, outermost first, at most 3 (a fund's "
                                     "general partner, its investment adviser): each signature block prints \"By: "
                                     "<name>, its general partner\" and the person's lines under it",
    "investors[].signatory.through[].capacity": "general partner, managing member, manager, sole member, trustee "
                                                "(\"its ...\"), investment adviser, investment manager, "
                                                "attorney-in-fact (\"as ...\")",
    "investors[].copies_to": "who receives copies of notices to this investor, and at what address (the signature page and the schedule of investors print it as written)",
    "securities.units": "true: the investors buy Units of one Share and `per_unit` of a warrant share of each series",
    "securities.aggregate_amount": "if given, the investors' amounts must add up to it",
    "securities.purchase_price": "Purchase Price per share (Unit): a fixed price, a percentage of the Market Price "
                                 "or a discount from it (fixed, percent_of_market_price, discount_percent), and how "
                                 "a computed price is rounded",
    "securities.share_rounding": "how an amount becomes whole shares: exact (error unless whole), down, nearest, up",
    "securities.warrants": "one series (a mapping), several (a list, each with a `name`), or omitted (shares only)",
    "securities.warrants[].name": "the series' name (\"Series A\"); needed with more than one series, each then "
                                  "with a form of warrant of its own (Exhibit A-1, A-2...), its file named after it",
    "securities.warrants[].coverage_percent": "Warrant Shares as a percentage of each investor's Shares",
    "securities.warrants[].per_unit": "warrant shares per Unit (units only): 0.5 = one-half",
    "securities.warrants[].warrant_shares": "a fixed number of Warrant Shares, allocated pro rata (largest remainder)",
    "securities.warrants[].share_rounding": "rounding of each investor's Warrant Shares (no fractional shares)",
    "securities.warrants[].exercise_price": "Exercise Price: a fixed price, a percentage of the Market Price, a "
                                            "discount from it or a premium to the Purchase Price (fixed, "
                                            "percent_of_market_price, discount_percent, percent_of_purchase_price), "
                                            "and how a computed price is rounded",
    "securities.warrants[].initial_exercise": "Initial Exercise Date: `date`, `days_after_closing` or "
                                              "`months_after_closing`; a date counted from the Closing is stated as "
                                              "its rule in the form of warrant (when signed before the Closing) and "
                                              "the Board's resolutions, as a date in the executed Warrants",
    "securities.warrants[].term_years": "term in years (or `term_months`, or a stated `expiration`)",
    "securities.warrants[].term_months": "term in months",
    "securities.warrants[].term_from": "what the term counts from: initial_exercise or issuance",
    "securities.warrants[].expiration": "a stated expiration `date` and optional `time` (\"5:00 p.m., New York City "
                                        "time\")",
    "securities.warrants[].termination_convention": "business-day convention for the Termination Date",
    "securities.warrants[].delivery_trading_days": "Trading Days to deliver Warrant Shares after exercise",
    "securities.warrants[].cashless_exercise_after_months": "months after issuance without registration before "
                                                            "cashless exercise is available",
    "securities.warrants[].corporate_action_notice_days": "days' notice of record dates and corporate actions",
    "market_price": "the Market Price; needed only when a price is measured from it",
    "market_price.trading_days": "number of trading days averaged",
    "market_price.price_kind": "closing_bid, closing_sale or vwap",
    "market_price.anchor": "trading_day_before_closing, trading_day_before_agreement or pricing_date",
    "market_price.pricing_date": "the last trading day of the window, with anchor: pricing_date",
    "market_price.lower_of": "a second measure: the Market Price is the lower of the two",
    "market_price.rounding": "rounding of the average",
    "market_price.closing_prices": "date: price for every trading day the window needs (no closed days)",
    "principal_market.name": "the market the Common Stock trades on; the edition's \"Principal Market\" definition "
                             "must name it",
    "principal_market.calendar": "exchange calendar code of the holidays package (NYSE covers Nasdaq)",
    "principal_market.official_closing_prices": "Nasdaq Official Closing Prices of the five trading days before the "
                                                "agreement date (Rule 5635(d)'s Minimum Price); without them the "
                                                "Minimum Price is measured from market_price's closing sale prices "
                                                "and the Pricing Certificate says it used those in their place",
    "principal_market.shareholder_approval_threshold_percent": "the market's shareholder-approval threshold",
    "shareholder_approval_obtained": "true once shareholders approved an issuance at or above the threshold",
    "capitalization.reserved_for_other_options_and_warrants": "shares reserved for other options and warrants",
    "capitalization.future_financing_option_cap": "cap on excepted options and warrants (Section 6.9); 0 (the "
                                                  "default): Section 6.9 excepts no exercise of them",
    "future_financing.discount_sale_standstill_days": "days after the Effective Date without discounted sales",
    "registration_rights.filing_days": "days after the Closing Date to file the Registration Statement",
    "registration_rights.effectiveness_days": "days after the Closing Date to effectiveness",
    "registration_rights.full_review_effectiveness_days": "the same on a full SEC review",
    "registration_rights.business_day_convention": "the current edition's business-day clause for the filing and "
                                                   "effectiveness deadlines (default following); the form as filed "
                                                   "has none (none only)",
    "registration_rights.liquidated_damages.base": "market_value_at_closing or purchase_price",
    "registration_rights.liquidated_damages.proration": "thirty_day_months or actual_days",
    "registration_rights.liquidated_damages.example_default_days": "length of the worked example in the figures",
    "registration_rights.liquidated_damages.example_closing_price": "the closing price on the Closing Date "
                                                                     "the worked example of damages assumes",
    "registration_rights.liquidated_damages.measure_confirmed": "base market_value_at_closing: true once the "
                                                                "Investors' counsel has confirmed the measure (the "
                                                                "closing price on the Closing Date); until then the "
                                                                "cover memo asks them to and the closing checklist "
                                                                "lists it as open before signing",
    "governing_law": "law and arbitration seat of each document (checked for consistency)",
    "governing_law.purchase_agreement.arbitration_seat": "city and state where the AAA arbitration sits",
    "governing_law.purchase_agreement.arbitrators": "members of the Board of Arbitration",
    "governing_law.purchase_agreement.decision_days": "calendar days for the Board of Arbitration to decide",
    "governing_law.registration_rights.arbitration_seat": "city and state where the AAA arbitration sits",
    "governing_law.registration_rights.arbitrators": "members of the Board of Arbitration",
    "governing_law.registration_rights.decision_days": "calendar days for the Board of Arbitration to decide",
    "broker": "broker or finder of Section 13.9; omit when there is none",
    "broker.fee": "the fee the Company pays the broker under Section 13.9, once known (0 when none is payable): the "
                  "Form D data sheet's sales commissions; without it the sheet leaves the amount to be confirmed "
                  "before filing and the build warns",
    "placement_agent": "the Company's placement agent: `fee_percent` of the gross proceeds and/or `fee_fixed`, and "
                       "optionally its own `warrants` (coverage of the Shares sold)",
    "escrow_agent": "a bank that receives the investors' funds and releases them at the Closing",
    "transfer_agent.dwac_eligible": "whether unlegended shares may be delivered through DTC's DWAC system",
    "disclosure_schedule": "the Company's exceptions to each representation of Article IV (one text or a list each); "
                           "a representation without exceptions reads \"None.\"",
    "disclosure_schedule.confirmed": "true once the Company has confirmed the schedule; until then each part is "
                                     "marked \"to be confirmed by the Company\"",
}


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping {_type_name(args[0])}: {_type_name(args[1])}"
    if origin is not None and args:
        return _type_name(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " \\| ".join(m.value for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return {"Decimal": "decimal", "date": "date (YYYY-MM-DD)", "str": "text", "int": "integer",
            "bool": "true/false"}.get(getattr(annotation, "__name__", str(annotation)), str(annotation))


def _inner_model(annotation):
    """The model class inside Optional[...], list[...] or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def rows(model: type[BaseModel] = TermSheet, prefix: str = "", example=None):
    for name, info in model.model_fields.items():
        if any(isinstance(m, SkipJsonSchema) for m in info.metadata):
            continue  # a field kept only to refuse it with a message (signatory.capacity)
        path = f"{prefix}{name}"
        value = example.get(name) if isinstance(example, dict) else None
        inner = _inner_model(info.annotation)
        is_list = typing.get_origin(info.annotation) is list
        if info.is_required():
            default = "required"
        elif info.default is None:
            default = "optional"
        elif info.default is PydanticUndefined:
            default = "optional"
        else:
            default = f"`{info.default.value if isinstance(info.default, Enum) else info.default}`"
        shown = "" if inner or value is None else f"`{value}`"
        if isinstance(value, (dict, list)) and not inner:
            shown = f"`{next(iter(value.items()))[0]}: {next(iter(value.items()))[1]}` ..." if isinstance(value, dict) else ""
        yield path, _type_name(info.annotation), default, shown, MEANING.get(path.replace("[]", "[]"), "")
        if inner:
            sub_example = value[0] if is_list and isinstance(value, list) and value else value
            yield from rows(inner, f"{path}[]." if is_list else f"{path}.", sub_example)


def markdown() -> str:
    example = load_source(EXAMPLE).data
    lines = ["| field | type | default | example (focus_1999) | meaning |", "|---|---|---|---|---|"]
    for path, kind, default, shown, meaning in rows(TermSheet, "", example):
        lines.append(f"| `{path}` | {kind} | {default} | {shown} | {meaning} |")
    return "\n".join(lines) + "\n"


START, END = "<!-- reference:start -->\n", "<!-- reference:end -->"
DOC = Path(__file__).resolve().parents[2] / "docs" / "term-sheet-reference.md"


def with_reference(text: str) -> str:
    """`text` (docs/term-sheet-reference.md) with the generated table between its markers."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + START + markdown() + END + tail


if __name__ == "__main__":  # pragma: no cover
    import sys

    if sys.argv[1:] == ["--update"]:
        DOC.write_text(with_reference(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(markdown(), end="")
