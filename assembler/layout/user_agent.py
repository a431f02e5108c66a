"""The user-agent stylesheet the PDFs are laid out with: WeasyPrint's own HTML5 one (weasyprint/css/html5_ua.css),
cut to the rules for the elements layout/html.py writes (ELEMENTS), in its order and with its values.

WeasyPrint matches every element of a document against every rule of its user-agent stylesheet, most of them for
elements a closing-set document never has (forms, lists, headings, ruby, dir attributes...): about a tenth of the
PDF time went there. Nothing else changes, so the PDFs are the same to the byte (tests/render/test_user_agent.py
lays out documents of the corpus with both stylesheets and compares the files, and checks that the HTML holds no
element outside ELEMENTS: an element added to layout/html.py needs its rules added here).
"""
from __future__ import annotations

# every element layout/html.py (and layout/mark.py's QR code) writes; tbody is also the one the HTML parser adds to
# tables; thead holds a table's header rows, repeated on each page the table runs onto
ELEMENTS = frozenset({"html", "head", "meta", "title", "style", "body", "div", "p", "b", "i", "u", "a", "br", "table",
                      "colgroup", "col", "thead", "tbody", "tr", "td", "th", "svg", "path"})

CSS = r"""
head, meta, style, title { display: none }
body, div, html, p { display: block }
table { display: table }
colgroup { display: table-column-group }
col { display: table-column }
thead { display: table-header-group }
tbody { display: table-row-group }
tr { display: table-row }
td, th { display: table-cell }
p { margin-top: 1em; margin-bottom: 1em }
body { margin: 8px }
table { border-spacing: 2px; border-collapse: separate }
td, th { padding: 1px }
thead, tbody, table > tr { vertical-align: middle }
tr, td, th { vertical-align: inherit }
html { color-scheme: light }
i { font-style: italic }
b, th { font-weight: bold }
:link { color: blue }
table, td, th { border-color: gray }
thead, tbody, tr { border-color: inherit }
:link, :visited, u { text-decoration: underline }
br::before { content: "\A"; white-space: pre-line }
table { text-indent: initial }
svg { overflow: hidden }
table { box-sizing: border-box }
@page {
  margin: 75px;
  @footnote            { margin-top: 1em }
  @note-area           { content: element(note, all-once) }
  @top-left-corner     { text-align: right;  vertical-align: middle }
  @top-left            { text-align: left;   vertical-align: middle }
  @top-center          { text-align: center; vertical-align: middle }
  @top-right           { text-align: right;  vertical-align: middle }
  @top-right-corner    { text-align: left;   vertical-align: middle }
  @left-top            { text-align: center; vertical-align: top    }
  @left-middle         { text-align: center; vertical-align: middle }
  @left-bottom         { text-align: center; vertical-align: bottom }
  @right-top           { text-align: center; vertical-align: top    }
  @right-middle        { text-align: center; vertical-align: middle }
  @right-bottom        { text-align: center; vertical-align: bottom }
  @bottom-left-corner  { text-align: right;  vertical-align: middle }
  @bottom-left         { text-align: left;   vertical-align: middle }
  @bottom-center       { text-align: center; vertical-align: middle }
  @bottom-right        { text-align: right;  vertical-align: middle }
  @bottom-right-corner { text-align: left;   vertical-align: middle }
}
"""


def html_class():
    """WeasyPrint's HTML with this user-agent stylesheet (parsed once per process; its counter styles, lower-roman
    for the contents' page numbers among them, are WeasyPrint's own)."""
    global _HTML
    if _HTML is None:
        from weasyprint import CSS as Stylesheet
        from weasyprint import HTML
        from weasyprint.html import UA_COUNTER_STYLE

        sheet = Stylesheet(string=CSS, counter_style=UA_COUNTER_STYLE)

        class LeanHTML(HTML):
            def _ua_stylesheets(self, forms=False):
                return [sheet]

        _HTML = LeanHTML
    return _HTML


_HTML = None
