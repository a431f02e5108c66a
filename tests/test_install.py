"""The tool works when installed with `pip install .` (not editable): templates ship inside the package, and
`assemble build` builds the example set from any directory."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]


def test_pip_install_builds_from_any_directory(tmp_path):
    """`pip install .` (not editable) into a fresh virtual environment, then its `assemble` command, run from another
    directory, builds the 2026 example."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # pip (this run's) installs the project into the fresh environment; its dependencies come from this test run's
    # environment, appended after the fresh site-packages so the installed copy's own code wins
    r = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet",
                        str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import assembler, assembler.document.registry as r; "
                            "print(assembler.__file__); print(r.DEFAULT_DIR)"], cwd=work, env=env, check=True,
                           capture_output=True, text=True).stdout.split()
    assert where[0].startswith(purelib), where  # the installed copy, not the source tree
    assert where[1] == str(Path(purelib) / "assembler" / "templates")
    r = subprocess.run([str(env_dir / "bin" / "assemble"), "build", str(ROOT / "term_sheets" / "northwind_2026.yaml"),
                        "--output", "out"], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    built = work / "out" / "northwind_2026"
    assert (built / "manifest.json").is_file()
    assert len(list(built.glob("*.pdf"))) >= 10 and len(list(built.glob("*.docx"))) >= 8
