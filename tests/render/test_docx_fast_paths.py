"""The DOCX writer's own fast paths give the bytes of the plain way: the shell's parts compiled once per process,
and a package zipped once from python-docx's members instead of saved, unzipped and zipped again."""
from __future__ import annotations

import io


def test_a_docx_zipped_once_is_the_docx_saved_and_normalized():
    from docxtpl import DocxTemplate

    from assembler.layout.docx_package import normalize_zip, package_members, zip_members as _zip
    from assembler.layout.shell import SHELL

    doc = DocxTemplate(str(SHELL)).get_docx()
    doc.add_paragraph("Warrant No. W-1")
    saved = io.BytesIO()
    doc.save(saved)
    assert _zip(package_members(doc)) == normalize_zip(saved.getvalue())


def test_the_shell_compiled_once_renders_the_same_docx():
    from assembler.document.blocks import Block, Run
    from assembler.document.dirs import DEFAULT_DIR
    from assembler.document.environment import environment
    from assembler.layout.docx import render_docx
    from assembler.layout.docx_package import ShellTemplates

    env = environment([DEFAULT_DIR])
    shell = ShellTemplates(environment([DEFAULT_DIR]))
    blocks = [Block("p", [Run("The Holder may exercise this Warrant.")])]
    for label in ("focus_1999 | Warrant W-1", "focus_1999 | Warrant W-2 & <more>"):
        options = dict(title="Warrant", footer_label=label, author="FOCUS Enhancements, Inc.",
                       when=__import__("datetime").date(1999, 12, 1))
        assert render_docx(blocks, env=shell, **options) == render_docx(blocks, env=env, **options), label
    assert len(shell._compiled) >= 2  # the shell's parts, each compiled once for both documents
