"""Hostile templates (issue 11) and located template errors (issue 9): a template folder from another firm runs in
the sandbox, reads nothing outside the template folders, and every fault is a TemplateError at the template's
FILE:LINE."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assembler.document.assemble import render_set
from assembler.errors import AssemblerError, TemplateError

MANIFEST = """id: evil
title: Evil
order: 100
per: deal
template: document.xml.j2
signatories: []
uses: [ts.company.name]
"""


def folder(tmp_path: Path, body: str, files: dict[str, str] | None = None, manifest: str = MANIFEST) -> Path:
    """A templates directory with one document whose template is `body` (line 1 is <document>, line 2 <title>)."""
    root = tmp_path / "firm"
    doc = root / "evil"
    doc.mkdir(parents=True)
    (doc / "manifest.yaml").write_text(manifest, encoding="utf-8")
    (doc / "document.xml.j2").write_text('<document scheme="sections">\n<title>EVIL</title>\n' + body
                                         + "\n</document>\n", encoding="utf-8")
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def fails(focus, root: Path) -> TemplateError:
    with pytest.raises(TemplateError) as info:
        render_set(focus.term_sheet, focus.figures, [root])
    return info.value


def at(root: Path, line: int, name: str = "evil/document.xml.j2") -> str:
    return f"{(root / name).resolve()}:{line}: "


@pytest.mark.parametrize("expression", [
    "lipsum.__globals__['os'].popen('touch {marker}').read()",
    "cycler.__init__.__globals__.os.popen('touch {marker}').read()",
    "joiner.__init__.__globals__['os'].system('touch {marker}')",
    "namespace.__init__.__globals__['os'].system('touch {marker}')",
    "ts.__class__.__mro__[1].__subclasses__()",
    "ts.company.name.__class__.__base__.__subclasses__()",
    "''.__class__.__mro__[1].__subclasses__()",
    "ts.company.name.format.__globals__",
    "fig.__dict__",
    "(ts.company.name | money).__class__",
])
def test_the_sandbox_refuses_python_internals(focus, tmp_path, expression):
    marker = tmp_path / "PWNED"
    root = folder(tmp_path, "<p>\n{{ " + expression.format(marker=marker) + " }}</p>")
    error = fails(focus, root)
    assert str(error).startswith(at(root, 4)), error
    assert not marker.exists()


def test_huge_values_cannot_be_built(focus, tmp_path):
    root = folder(tmp_path, "<p>{{ 'x' * 1000000000 }}</p>")
    assert "would make more than 1,000,000 items" in str(fails(focus, root))
    root = folder(tmp_path / "2", "<p>{{ (9 ** 999999999) | string }}</p>")
    assert str(fails(focus, root)).startswith(at(root, 3))


@pytest.mark.parametrize("body, message", [
    ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}<p>x</p>",
     "a value of more than 1,000,000 items"),
    ("{% set ns = namespace(s=[1]) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}<p>x</p>",
     "a value of more than 1,000,000 items"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s | replace('a', ns.s) %}"
     "{% endfor %}<p>x</p>", "a value of more than 1,000,000 items"),
    ("<p>{{ 'x' | center(2000000000) }}</p>", "larger than a template may ask for"),
    ("<p>{{ 'x'.ljust(2000000000) }}</p>", "larger than a template may ask for"),
    ("<p>{{ '{:>2000000000}'.format('x') }}</p>", "a width or precision of a million"),
    ("<p>{{ '%2000000000s' % 'x' }}</p>", "a width or precision of a million"),
    ("<p>{{ '%2000000000s' | format('x') }}</p>", "a width or precision of a million"),
    ("<p>{{ lipsum(2000000000) }}</p>", "larger than a template may ask for"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}<p>x</p>",
     "loops turn more than 1,000,000 times"),
    ("{% set big = 'x' * 900000 %}{% for i in range(100) %}<p>{{ big }}</p>{% endfor %}",
     "output is longer than 20,000,000 characters"),
])
def test_a_template_cannot_grow_without_bound(focus, tmp_path, body, message):
    """Issue 11: memory and time are bounded however the template grows a value (operators, filters, methods,
    format widths, loops, output); each refusal is quick and located."""
    import time
    start = time.perf_counter()
    error = fails(focus, folder(tmp_path, body))
    assert message in str(error), error
    assert time.perf_counter() - start < 10


def test_a_macro_or_filter_may_take_a_share_count_of_millions(focus, tmp_path):
    """The width/count bound is for Jinja's own filters and str/list methods, never a macro's or a house filter's
    arguments (found by the property test: a board resolution's macro given 1,499,741 shares)."""
    root = folder(tmp_path, "{% macro m(n) %}{{ n | shares }}{% endmacro %}<p>{{ m(ts.company.name | length * 2000000) }}"
                            " {{ (ts.company.name | length * 2000000) | shares }}</p>")
    [doc] = [d for d in render_set(focus.term_sheet, focus.figures, [root]) if d.doc_id == "evil"]
    assert doc


def test_real_templates_stay_well_inside_the_budget(focus):
    """The bounds do not touch real documents: FOCUS renders with share counts above a million in filters."""
    documents = render_set(focus.term_sheet, focus.figures, [])
    assert documents


@pytest.mark.parametrize("statement", [
    '{% include "/etc/passwd" %}',
    '{% include "/etc/passwd" ignore missing %}',
    '{% include "../../../../../../etc/passwd" %}',
    '{% include "_shared/../../../../../../etc/passwd" %}',
    '{% import "/etc/passwd" as x %}',
    '{% include "\\\\etc\\\\passwd" %}',
    '{% include ["/etc/passwd", "/etc/hostname"] %}',
])
def test_includes_outside_the_template_folders_are_refused(focus, tmp_path, statement):
    root = folder(tmp_path, "<p>x</p>\n<p>" + statement + "</p>")
    error = fails(focus, root)
    assert str(error).startswith(at(root, 4)), error
    assert "outside the template folders" in str(error)
    assert "root:" not in str(error)  # nothing of the file was read into the message


def test_a_link_out_of_the_template_folder_is_refused(focus, tmp_path):
    root = folder(tmp_path, '<p>{% include "_shared/passwd.xml.j2" %}</p>')
    (root / "_shared").mkdir()
    os.symlink("/etc/passwd", root / "_shared" / "passwd.xml.j2")
    error = fails(focus, root)
    assert str(error).startswith(at(root, 3)) and "a link that leads outside the template folder" in str(error)


def test_relative_includes_inside_the_folders_still_work(focus, tmp_path):
    root = folder(tmp_path, '{% include "_shared/body.xml.j2" %}',
                  {"_shared/body.xml.j2": "<p>Hello {{ ts.company.name }}</p>\n<p>\n<frob/></p>\n"})
    error = fails(focus, root)  # the include is served, and its own fault is located in it
    assert str(error).startswith(f"{(root / '_shared/body.xml.j2').resolve()}:3: unknown element <frob>")


def test_a_manifest_cannot_point_outside_its_folder(focus, tmp_path):
    root = folder(tmp_path, "<p>x</p>", manifest=MANIFEST.replace("document.xml.j2", "../../../../etc/passwd.xml.j2"))
    with pytest.raises(AssemblerError) as info:
        render_set(focus.term_sheet, focus.figures, [root])
    assert str(info.value).startswith(f"{root / 'evil' / 'manifest.yaml'}:5: template '../../../../etc/passwd.xml.j2' "
                                      "is outside the template's folder")


# ---------------------------------------------------------------- located tree errors (issue 9)

@pytest.mark.parametrize("body, line, message", [
    ('<p>x</p>\n\n<img src="http://127.0.0.1:1/x"/>', 5, "unknown element <img>"),
    ('<p>x</p>\n<link href="file:///etc/passwd"/>', 4, "unknown element <link>"),
    ('{% if true %}\n{% for i in [1] %}\n<p>x</p>\n{% endfor %}\n{% endif %}\n<p indent="x">y</p>', 8,
     '<p indent="x">: indent must be 0|1|2|3'),
    ('{#- a comment\n   over lines -#}\n<p algn="center">y</p>', 5, '<p> does not take the attribute algn="center"'),
    ('<table widths="1,two">\n<row><cell>a</cell></row>\n</table>', 3, "widths must be comma-separated whole numbers"),
    ('<p>\n<blank/></p>', 4, "a <blank/> is only allowed inside <form>"),
    ('<section label="a">\n<p>x</p>\n</section>\n<section label="a">\n<p>y</p>\n</section>', 6,
     "label 'a' is defined twice"),
    ('<signatures>\n<signature-block signer="">\n<line>x</line>\n</signature-block>\n</signatures>', 4,
     "a <signature-block> needs"),
    ('{% macro item(t) %}\n<p>{{ t }}</p>\n<ul/>\n{% endmacro %}\n{{ item("a") }}', 5, "unknown element <ul>"),
    ('<p>x</p>\n<p>unclosed <b>bold</p>', 4, "not well-formed XML"),
    ('<p>{{ ts.company.nam }}</p>', 3, "has no attribute 'nam'"),
    ('<p>\n{{ 1 / 0 }}</p>', 4, "ZeroDivisionError"),
    ('{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}\n<p>{{ r(1) }}</p>', 3, "without end"),
])
def test_template_errors_name_file_and_line(focus, tmp_path, body, line, message):
    root = folder(tmp_path, body)
    error = fails(focus, root)
    assert str(error).startswith(at(root, line)) and message in str(error), str(error)


def test_a_doctype_cannot_declare_entities(focus, tmp_path):
    root = folder(tmp_path, "<p>x</p>")
    path = root / "evil" / "document.xml.j2"
    path.write_text('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + path.read_text(), encoding="utf-8")
    assert "DOCTYPE or ENTITY declaration is not allowed" in str(fails(focus, root))


def test_stamps_do_not_reach_the_documents(focus):
    from assembler.document.blocks import document_text

    docs = render_set(focus.term_sheet, focus.figures)
    text = "".join(document_text(d.blocks) for d in docs)
    assert "_at=" not in text and ".xml.j2" not in text
    root = next(d.root for d in docs if d.doc_id == "purchase_agreement")
    stamped = [el for el in root.iter() if el.get("_at")]
    assert len(stamped) > 300  # every element written in the template carries its line
    assert stamped[0].get("_at").endswith("purchase_agreement/document.xml.j2:" + str(_first_tag_line()))


def _first_tag_line() -> int:
    from conftest import ROOT

    lines = (ROOT / "templates/purchase_agreement/document.xml.j2").read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.startswith("<document"))


# ---------------------------------------------------------------- the compiled-template cache

def test_the_cache_lives_in_the_users_own_private_directory(tmp_path, monkeypatch):
    from assembler.document import environment as environment_module

    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)
    monkeypatch.delenv("ASSEMBLER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    directory = environment_module._cache_directory()
    assert directory is not None and directory.parent == tmp_path / "cache" / "assembler"
    for d in (directory, directory.parent):
        info = d.lstat()
        assert stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    assert not str(directory).startswith("/tmp/assembler-jinja")
    directory.chmod(0o755)  # made by an older umask: readable by others, writable by no one else
    assert environment_module._cache_directory() == directory and stat.S_IMODE(directory.stat().st_mode) == 0o700


@pytest.mark.parametrize("spoil", ["group-writable", "link", "world-writable-parent", "owner"])
def test_a_cache_directory_others_could_write_is_not_used(tmp_path, monkeypatch, spoil):
    from assembler.document import environment as environment_module

    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)
    monkeypatch.delenv("ASSEMBLER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    directory = environment_module._cache_directory()
    if spoil == "group-writable":
        directory.chmod(0o770)
    elif spoil == "world-writable-parent":
        directory.parent.chmod(0o757)
    elif spoil == "owner":
        if os.getuid() != 0:
            pytest.skip("only root can give a directory to another user")
        os.chown(directory, 4242, 4242)
    else:
        planted = tmp_path / "planted"
        planted.mkdir(mode=0o700)
        directory.rmdir()
        directory.symlink_to(planted)
    assert environment_module._cache_directory() is None
    cache = environment_module._bytecode_cache()  # at most the installed store, read only (test_precompiled.py)
    assert cache is None or cache.directory is None


def test_a_planted_compiled_template_does_not_run(focus, tmp_path, monkeypatch):
    """The attack of issue 11: compiled code planted where the cache used to be (the shared temp folder) ran during
    `diff --against`. Plant it there, keyed exactly as Jinja would look it up, and render the set."""
    import tempfile

    import jinja2

    from assembler.document import environment as environment_module
    from assembler.document.registry import DEFAULT_DIR

    monkeypatch.delenv("ASSEMBLER_NO_CACHE", raising=False)
    monkeypatch.delenv("ASSEMBLER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from assembler import precompiled

    monkeypatch.setenv(precompiled.ENV_DIR, str(tmp_path / "no-store"))  # templates compiled into the user's cache
    precompiled.forget()
    marker = tmp_path / "PWNED"
    shared = Path(tempfile.gettempdir()) / f"assembler-jinja-{os.getuid()}"
    shared.mkdir(mode=0o777, exist_ok=True)
    planted = jinja2.FileSystemBytecodeCache(str(shared))
    template = DEFAULT_DIR / "funds_flow" / "document.xml.j2"
    bucket = planted.get_bucket(jinja2.Environment(), str(template), str(template), template.read_text(encoding="utf-8"))
    bucket.code = compile(f"open({str(marker)!r}, 'w').close()", str(template), "exec")
    planted.set_bucket(bucket)
    try:
        render_set(focus.term_sheet, focus.figures)
        cache = environment_module._bytecode_cache()
        assert cache is not None and Path(cache.directory).is_relative_to(tmp_path / "cache")
        assert any(Path(cache.directory).iterdir())  # the real cache was written, in the private directory
    finally:
        (shared / planted.pattern.replace("%s", bucket.key)).unlink()
    assert not marker.exists()


def test_a_word_template_cannot_link_outside_itself(focus, tmp_path):
    """An external image or attached template in a firm's .docx would be fetched by Word when the set is opened."""
    from docx import Document as new_docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    root = tmp_path / "firm"
    (root / "letter").mkdir(parents=True)
    doc = new_docx()
    doc.add_paragraph("{{ ts.company.name }}")
    doc.part.relate_to("http://127.0.0.1:9/pixel.png", RT.IMAGE, is_external=True)
    doc.part.relate_to("https://example.com/ok", RT.HYPERLINK, is_external=True)  # a link the reader clicks: fine
    doc.save(root / "letter" / "letter.docx")
    (root / "letter" / "manifest.yaml").write_text(MANIFEST.replace("id: evil", "id: letter").replace(
        "document.xml.j2", "letter.docx"), encoding="utf-8")
    error = fails(focus, root)
    assert str(error).startswith(f"{root / 'letter' / 'letter.docx'}: in the Word template: /word/document.xml links "
                                 "to an outside address (image: http://127.0.0.1:9/pixel.png)")
