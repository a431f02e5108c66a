"""Terminal output shows user text as typed: no rich markup, no emoji codes, no control or bidi characters."""
from __future__ import annotations

from assembler.cli import main
from assembler.ui import safe

from conftest import FOCUS, line_of


def test_a_located_error_on_line_100_prints_its_line_number_not_an_emoji(tmp_path, capsys):
    text = "".join(line for line in FOCUS.read_text(encoding="utf-8").splitlines(keepends=True)
                   if line.strip() and not line.lstrip().startswith("#"))
    before = line_of(text, "  aggregate_amount:")
    text = "# padding\n" * (100 - before) + text.replace("  aggregate_amount: 2000000.00", "  aggregate_amount: 1.00")
    path = tmp_path / "ts.yaml"
    path.write_text(text, encoding="utf-8")
    assert line_of(text, "  aggregate_amount:") == 100
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:100:" in err
    assert "\U0001f4af" not in err  # 💯


def test_markup_escapes_and_bidi_in_a_name_are_shown_as_typed(tmp_path, capsys):
    text = FOCUS.read_text(encoding="utf-8").replace(
        "  name: FOCUS Enhancements, Inc.", '  name: "[bold]FOCUS[/bold] :smile: \\e[2J\\u202eEnhancements, Inc."', 1)
    path = tmp_path / "ts.yaml"
    path.write_text(text, encoding="utf-8")
    main(["validate", str(path)])
    out, err = capsys.readouterr()
    shown = out + err
    assert "\x1b" not in shown and "\u202e" not in shown
    if "valid" in out:  # the name may be refused by validation; if it is shown, it is shown escaped
        assert "[bold]FOCUS[/bold] :smile: \\x1b[2J\\u202eEnhancements" in out


def test_safe_escapes_controls_and_keeps_text():
    assert safe("Zoë Núñez & Co. [x] :100:") == "Zoë Núñez & Co. [x] :100:"
    assert safe("a\x1b[2Jb\u202ec\x00") == "a\\x1b[2Jb\\u202ec\\x00"
    assert safe("line\nnext\ttab") == "line\nnext\ttab"
