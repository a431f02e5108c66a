"""`--format github`: GitHub workflow annotations with paths relative to the workspace, so a pull request shows each
finding or change on the file and line it concerns."""
from __future__ import annotations

from assembler.cli import main
from assembler.ui import annotation


def test_an_annotation_escapes_what_github_reads_as_syntax():
    assert annotation("error", "50% off\nnext", "a,b:c.txt", 3, "x: y") == \
        "::error file=a%2Cb%3Ac.txt,line=3,title=x%3A y::50%25 off%0Anext"
    assert annotation("warning", "no file") == "::warning::no file"


def test_check_format_github_puts_each_finding_on_its_file_and_line(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "deal.txt").write_text("Preamble.\nThe Company shall file within one hundred fifty (120) days.\n",
                                   encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    assert main(["check", str(docs / "deal.txt"), "--format", "github"]) == 1
    out = [line for line in capsys.readouterr().out.splitlines() if "words-figures" in line]
    assert len(out) == 1
    assert out[0].startswith("::error file=docs/deal.txt,line=2,title=words-figures::")
    assert '"one hundred fifty" is 150 but the figures say 120' in out[0]
