"""A pypdf reader for the build's own PDFs that parses only the objects it is asked for.

pypdf (7.x) parses every object of an object stream the first time one of them is needed. WeasyPrint writes all of a
PDF's small objects (page dictionaries, the tagged structure tree, fonts' dictionaries...) into object streams, so
taking one signature page from the Purchase Agreement parsed the whole agreement's objects, and a build of 100
investors spent most of the parent's time composing signature packets in pypdf's parser (`_get_object_from_stream`).
This reader reads an object stream's header (object number, offset) once and parses an object when it is asked for:
the same objects, parsed by the same `read_object`, so the packets are the same bytes (the corpus's packets compared
by SHA-256 with the stock reader's). Anything unexpected in a stream (not an /ObjStm, a header that is not pairs of
integers, an object that is not listed, a parse error) is left to pypdf's own method.

Only for PDFs this tool has just written (signature packets); a PDF from elsewhere (a returned signature page) is read
with pypdf's stock reader.
"""
from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import IndirectObject, NumberObject, read_object

_WHITESPACE = b"\x00\t\n\f\r "  # PDF's white-space characters (pypdf's WHITESPACES)
_TOKEN = re.compile(rb"[^\x00\t\n\f\r ]+")


class OwnPdfReader(PdfReader):
    """PdfReader whose objects in object streams are parsed one by one, when asked for."""

    def __init__(self, data: bytes) -> None:
        self._stream_offsets: dict[int, tuple[io.BytesIO, bytes, dict[int, int]] | None] = {}
        super().__init__(io.BytesIO(data))

    def _offsets(self, stmnum: int) -> tuple[io.BytesIO, bytes, dict[int, int]] | None:
        """(the stream, its data, object number -> offset) of object stream `stmnum`, read once; None when it is not
        what this reader expects."""
        if stmnum not in self._stream_offsets:
            self._stream_offsets[stmnum] = None
            try:
                stream = IndirectObject(stmnum, 0, self).get_object()
                if stream.get("/Type") != "/ObjStm":
                    return None
                count, first = stream.get("/N"), stream.get("/First")
                if not isinstance(count, NumberObject) or not isinstance(first, NumberObject):
                    return None
                data = stream.get_data()
                header = _TOKEN.findall(data[:int(first)])
                if len(header) != 2 * int(count) or not all(t.isdigit() for t in header):
                    return None
                numbers, starts = [int(n) for n in header[0::2]], [int(n) for n in header[1::2]]
                if any(b <= a for a, b in zip([-1] + starts, starts)) or int(first) + max(starts, default=0) > len(data):
                    return None  # pypdf skips or refuses such entries
                offsets = {n: int(first) + start for n, start in zip(numbers, starts)}
            except Exception:  # noqa: BLE001 - a stream this reader does not understand is pypdf's to read
                return None
            self._stream_offsets[stmnum] = (io.BytesIO(data), data, offsets)
        return self._stream_offsets[stmnum]

    def _get_object_from_stream(self, indirect_reference):
        number = indirect_reference.idnum
        obj = self._read_alone(number, self.xref_objStm[number][0])
        return super()._get_object_from_stream(indirect_reference) if obj is None else obj

    def _read_alone(self, number: int, stmnum: int):
        """Object `number` of object stream `stmnum`, parsed alone and cached; None when pypdf's method should read it
        (a cycle, which it reports; anything unexpected)."""
        stack = getattr(self, "_object_stream_resolution_stack", None)  # pypdf 7's guard against cycles
        if stack is None or number in stack:
            return None
        stack.append(number)
        try:
            found = self._offsets(stmnum)
            at = found[2].get(number) if found else None
            if at is None:
                return None
            stream, data = found[0], found[1]
            while at < len(data) and data[at] in _WHITESPACE:  # as pypdf: the object starts at its first character
                at += 1
            try:
                stream.seek(at)
                obj = read_object(stream, self)
            except Exception:  # noqa: BLE001 - pypdf's own method reads (or reports) what this one cannot
                return None
            self.cache_indirect_object(0, number, obj)
            return obj
        finally:
            stack.pop()
