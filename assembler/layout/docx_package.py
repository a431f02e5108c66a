"""A DOCX package made once: the Word shell's parts compiled once per process (ShellTemplates), python-docx's
members kept as they are and zipped once with a fixed entry time (package_members, zip_members), and any DOCX zip
rewritten the same way (normalize_zip), so the same content gives the same bytes."""
from __future__ import annotations

import io
import zipfile


class ShellTemplates:
    """A Jinja environment for the Word shell's parts that compiles each part's XML once per process: docxtpl calls
    `from_string` on the shell's document, header, footer and properties for every DOCX of the set, and the shell is
    the same for all of them (a compiled template renders from its context only). Everything else is the
    environment's own (docxtpl sets `autoescape` on it, which is passed through)."""

    def __init__(self, env) -> None:
        object.__setattr__(self, "_env", env)
        object.__setattr__(self, "_compiled", {})

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return self._env.from_string(source, globals, template_class)
        key = (source, self._env.autoescape)  # compiled in: docxtpl sets it before each rendering
        template = self._compiled.get(key)
        if template is None:
            template = self._compiled[key] = self._env.from_string(source)
        return template

    def __getattr__(self, name):
        return getattr(self._env, name)

    def __setattr__(self, name, value) -> None:
        setattr(self._env, name, value)



def package_members(doc) -> list[tuple[str, bytes]]:
    """(member name, bytes) of each member `doc.save` would write, in its order: python-docx's own package writer,
    given a writer that keeps the members instead of zipping them (the zip is written once, by `zip_members`, instead of
    deflated by python-docx, inflated and deflated again)."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    members: list[tuple[str, bytes]] = []

    class Keep:
        @staticmethod
        def write(pack_uri, blob) -> None:
            members.append((pack_uri.membername, blob))

    parts = package.parts
    PackageWriter._write_content_types_stream(Keep, parts)
    PackageWriter._write_pkg_rels(Keep, package.rels)
    PackageWriter._write_parts(Keep, parts)
    return members


def normalize_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a DOCX zip with a fixed entry time, keeping member order: bytes depend only on the content. Members
    named in `replace` get those bytes; parts nothing refers to any more (a dropped thumbnail) are left out."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return zip_members([(name, src.read(name)) for name in src.namelist()], replace)


def zip_members(members: list[tuple[str, bytes]], replace: dict[str, bytes] | None = None) -> bytes:
    """The DOCX zip of `members` (normalize_zip)."""
    rels = b"".join(data for name, data in members if name.endswith(".rels"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            if name.startswith("docProps/thumbnail") and b"docProps/thumbnail" not in rels:
                continue
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, (replace or {}).get(name) or data)
    return out.getvalue()
