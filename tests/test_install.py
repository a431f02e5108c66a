"""The tool works when installed as a wheel (not editable): templates ship inside the package, and `assemble build`
builds the example set from any directory."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]


def test_wheel_install_builds_from_any_directory(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = wheels.glob("assembler-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # Unpack the wheel into the fresh environment (what pip does, without a network); its dependencies come from
    # this test run's environment, appended after the fresh site-packages so the wheel's own code wins.
    import zipfile

    zipfile.ZipFile(wheel).extractall(purelib)
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import sys; from assembler.cli import main; sys.exit(main())"
    where = subprocess.run([str(python), "-c", "import assembler, assembler.document.registry as r; "
                            "print(assembler.__file__); print(r.DEFAULT_DIR)"], cwd=work, env=env, check=True,
                           capture_output=True, text=True).stdout.split()
    assert where[0].startswith(purelib), where  # the installed copy, not the source tree
    assert where[1] == str(Path(purelib) / "assembler" / "templates")
    r = subprocess.run([str(python), "-c", code, "build", str(ROOT / "term_sheets" / "northwind_2026.yaml"),
                        "--output", "out"], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    built = work / "out" / "northwind_2026"
    assert (built / "manifest.json").is_file()
    assert len(list(built.glob("*.pdf"))) >= 10 and len(list(built.glob("*.docx"))) >= 8
