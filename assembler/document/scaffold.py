"""`assemble new-template NAME`: a template folder that builds at once, to start a new document from."""
from __future__ import annotations

import re
from pathlib import Path

from assembler.errors import AssemblerError

MANIFEST = """id: {id}
title: {title}
order: 100
per: deal
template: document.xml.j2
signatories: [company]
signed_at: closing
delivered_by: company
outputs: [docx, pdf]
uses:
  - ts.company
  - ts.closing_date
  - fig.totals.shares
  - fig.purchase_price
"""

TEMPLATE = """<document scheme="sections">
<title>{upper}</title>
<subtitle>{{{{ ts.company.name }}}}</subtitle>
<p>This {title} is delivered on {{{{ ts.closing_date | long_date }}}} in connection with the sale of
{{{{ fig.totals.shares | shares_wf }}}} shares of Common Stock at {{{{ fig.purchase_price | price }}}} per share.</p>
<section label="{id}-first" title="First Section">
<p>Write the wording here. Sections, clauses and exhibits number themselves; refer to one with
{{{{ ref("{id}-second") }}}}.</p>
</section>
<section label="{id}-second" title="Second Section">
<clause><p>A clause numbered (a) by the renderer.</p></clause>
<clause><p>A clause numbered (b).</p></clause>
</section>
<signatures>
<signature-block signer="{{{{ ts.company.signatory.name }}}}" party="{{{{ ts.company.name }}}}">
<line><b>{{{{ ts.company.name | upper }}}}</b></line>
<line>By: <sig/></line>
<line>Name: {{{{ ts.company.signatory.name }}}}</line>
<line>Title: {{{{ ts.company.signatory.title }}}}</line>
</signature-block>
</signatures>
</document>
"""


def new_template(name: str, into: Path) -> Path:
    ident = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        raise AssemblerError(f"'{name}' cannot be a template id: use letters, digits and underscores, starting "
                             "with a letter")
    folder = Path(into) / ident
    if folder.exists():
        raise AssemblerError(f"{folder} already exists; nothing was written")
    title = " ".join(w.capitalize() for w in ident.split("_"))
    folder.mkdir(parents=True)
    (folder / "manifest.yaml").write_text(MANIFEST.format(id=ident, title=title), encoding="utf-8")
    (folder / "document.xml.j2").write_text(TEMPLATE.format(id=ident, title=title, upper=title.upper()),
                                            encoding="utf-8")
    return folder
