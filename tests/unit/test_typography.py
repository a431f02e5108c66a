from assembler.layout.typography import NBSP, plain, typeset


def test_quotes_curl_by_what_precedes_them():
    assert typeset('(the "Agreement") and the Company\'s "Shares"') == \
        "(the \u201cAgreement\u201d) and the Company\u2019s \u201cShares\u201d"
    assert typeset("'single' quotes") == "\u2018single\u2019 quotes"
    assert typeset('" closes', before="d") == "\u201d closes" and typeset('"opens', before=" ") == "\u201copens"


def test_dates_and_references_do_not_break_across_lines():
    assert typeset("dated as of November 24, 1999 (the") == f"dated as of November{NBSP}24,{NBSP}1999 (the"
    assert typeset("pursuant to Section 2.1 and Article IX under Rule 405") == \
        f"pursuant to Section{NBSP}2.1 and Article{NBSP}IX under Rule{NBSP}405"
    assert typeset("this Section applies") == "this Section applies"  # no number follows


def test_plain_gives_back_the_document_s_text():
    text = 'the "Agreement" dated November 24, 1999, Section 2.1 and the Investor\'s rights'
    assert typeset(text) != text and plain(typeset(text)) == text


def test_the_footer_title_is_typeset_as_the_body_is():
    """The footer named "Secretary's Certificate" with a straight apostrophe under a title with a curly one."""
    from assembler.layout.footer import footer_label, is_footer

    label = footer_label("Secretary's Certificate", "deal", "11_secretarys_certificate", [])
    assert label.startswith("Secretary\u2019s Certificate | deal/11_secretarys_certificate | v. ")
    assert is_footer(label)
