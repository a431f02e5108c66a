"""The system libraries WeasyPrint needs, checked with a message that says what to install.

WeasyPrint lays text out with Pango (libpango-1.0-0, libpangoft2-1.0-0) and subsets the embedded fonts with HarfBuzz
(libharfbuzz-subset0, HarfBuzz 4.1 or later). Without the HarfBuzz subsetter it falls back to fontTools, which is
slower and writes different font bytes, so the same term sheet would give different PDFs on two machines: the build
refuses instead. `python -m assembler.layout.system` runs the same check (the Makefile's `make check-system`).
"""
from __future__ import annotations

import sys
import warnings

from assembler.errors import AssemblerError

INSTALL = ("install them with your package manager, e.g. on Debian or Ubuntu: "
           "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
           "(on macOS: brew install pango harfbuzz)")


class MissingSystemLibrary(AssemblerError):
    """A system library the PDF renderer needs is not installed."""


def require_weasyprint():
    """Import WeasyPrint and check its libraries; the weasyprint module, or MissingSystemLibrary."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # the missing subsetter is reported below instead
            import weasyprint
            from weasyprint.text import ffi
    except OSError as exc:  # cffi could not open libpango / libpangoft2 / libharfbuzz
        raise MissingSystemLibrary(f"WeasyPrint cannot load a system library ({exc}); {INSTALL}") from None
    if ffi.harfbuzz_subset is None:
        raise MissingSystemLibrary("libharfbuzz-subset0 (the HarfBuzz font subsetter) is not installed; without it "
                                   "WeasyPrint subsets fonts with fontTools, more slowly and into different bytes, "
                                   f"so the PDFs would depend on the machine; {INSTALL}")
    if not ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        raise MissingSystemLibrary(f"HarfBuzz {versions()['harfbuzz']} is too old for font subsetting (4.1 or later "
                                   f"is needed); {INSTALL}")
    return weasyprint


def versions() -> dict[str, str]:
    """The versions of the libraries that shape the PDF bytes (part of every PDF's cache key)."""
    import weasyprint
    from weasyprint.text import ffi

    pango = ffi.pango.pango_version()  # major * 10000 + minor * 100 + micro
    return {"weasyprint": weasyprint.__version__, "pango": f"{pango // 10000}.{pango // 100 % 100}.{pango % 100}",
            "harfbuzz": _harfbuzz_version(ffi.harfbuzz.hb_version_atleast)}


def _harfbuzz_version(atleast) -> str:
    """HarfBuzz's version through the one version call WeasyPrint declares: the largest x.y.z it is at least."""
    version = [0, 0, 0]
    for part in range(3):
        low, high = 0, 1000
        while low < high:  # largest value v with atleast(version with v in this place)
            mid = (low + high + 1) // 2
            trial = version[:part] + [mid] + [0] * (2 - part)
            low, high = (mid, high) if atleast(*trial) else (low, mid - 1)
        version[part] = low
    return ".".join(map(str, version))


def report() -> tuple[int, str]:
    """(exit code, message) for `python -m assembler.layout.system`: 0 and the versions, or 1 and what is missing."""
    try:
        require_weasyprint()
    except MissingSystemLibrary as exc:
        return 1, f"missing: {exc}"
    return 0, "system libraries: " + ", ".join(f"{k} {v}" for k, v in versions().items())


if __name__ == "__main__":  # pragma: no cover
    code, message = report()
    print(message, file=sys.stderr if code else sys.stdout)
    sys.exit(code)
