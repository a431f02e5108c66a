"""A machine without the HarfBuzz subsetter is told what to install; it does not get PDFs with other font bytes."""
from __future__ import annotations

import re

from weasyprint.text import ffi

from assembler.cli import main
from assembler.layout import system

from conftest import FOCUS


def test_the_libraries_are_there_and_their_versions_are_known():
    assert system.require_weasyprint().__name__ == "weasyprint"
    versions = system.versions()
    assert set(versions) == {"weasyprint", "pango", "harfbuzz"}
    assert all(re.fullmatch(r"\d+\.\d+(\.\d+)?", v) for v in versions.values())
    major, minor, micro = map(int, versions["harfbuzz"].split("."))
    assert ffi.harfbuzz.hb_version_atleast(major, minor, micro)
    assert not ffi.harfbuzz.hb_version_atleast(major, minor, micro + 1)


def test_a_build_without_the_harfbuzz_subsetter_says_what_to_install_and_writes_nothing(tmp_path, monkeypatch,
                                                                                        capsys):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert main(["build", str(FOCUS), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "libharfbuzz-subset0 (the HarfBuzz font subsetter) is not installed" in err
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
    code, message = system.report()
    assert code == 1 and message.startswith("missing: libharfbuzz-subset0")
