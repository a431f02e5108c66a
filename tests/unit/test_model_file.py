"""A template's manifest.yaml, the reasons recorded beside it (variance.yaml) and a form's description are read by one
helper (assembler/model_file.py): a fault is reported at FILE:LINE, with the message each file has always given, and
the command exits 2 without a traceback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assembler.cli import main
from assembler.document.registry import DEFAULT_DIR, discover
from assembler.errors import AssemblerError
from assembler.variance.reasons import load_reasons

MANIFEST = "id: funds_flow\ntitle: Funds Flow\norder: 1\ntemplate: document.xml.j2\n"


def firm(tmp_path: Path, doc_id: str = "funds_flow") -> Path:
    shutil.copytree(DEFAULT_DIR / doc_id, tmp_path / doc_id)
    return tmp_path / doc_id


@pytest.mark.parametrize("text, message", [
    (MANIFEST + "outputs: [pdf]\nsignatorys: [company]\n", r"manifest\.yaml:6: signatorys: Extra inputs are not"),
    ("id: funds_flow\ntitle: Funds Flow\norder: [1\n", r"manifest\.yaml:4: malformed manifest: while parsing"),
    (MANIFEST.replace("order: 1", "order: first"), r"manifest\.yaml:3: order: Input should be a valid integer"),
    (MANIFEST.replace("document.xml.j2", "other.xml.j2"), r"manifest\.yaml:4: template file 'other\.xml\.j2' not"),
    ("", r"manifest\.yaml: manifest: Input should be a valid dictionary"),
])
def test_a_bad_manifest_is_located(tmp_path, text, message):
    (firm(tmp_path) / "manifest.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(AssemblerError, match=message):
        discover([tmp_path])


def test_bad_reasons_are_located_at_their_entry(tmp_path):
    folder = firm(tmp_path, "purchase_agreement")
    (folder / "variance.yaml").write_text('form: focus_1999\ndocument: purchase_agreement\ndeviations:\n'
                                          '  - where: "1.1"\n    form: a\n    ours: b\n    reason: the house writes it so\n'
                                          '    category: house style\n  - where: "1.2"\n    wrong: 3\n',
                                          encoding="utf-8")
    with pytest.raises(AssemblerError, match=r"variance\.yaml:9: deviations\.1\.category: Field required; "):
        load_reasons(folder)


def test_the_command_exits_2_naming_the_line(tmp_path, capsys):
    (firm(tmp_path) / "manifest.yaml").write_text(MANIFEST + "signatorys: [company]\n", encoding="utf-8")
    assert main(["templates", "--templates", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "manifest.yaml:5: signatorys: Extra inputs are not permitted" in err and "Traceback" not in err
