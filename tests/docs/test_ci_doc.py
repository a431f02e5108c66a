"""docs/ci.md's GitHub Actions workflow and pre-commit hook: their `assemble` commands run as written, from the
project's root, and do what the page says (exit 0 on this repository: the snapshots match and the set is clean)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S)]


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run a workflow step as GitHub would (bash -e), with this venv's `assemble` first on PATH and the output
    folder redirected to a temporary one."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "GITHUB_WORKSPACE": str(ROOT)}
    script = script.replace("output/", f"{tmp_path}/output/").replace("--output output", f"--output {tmp_path}/output")
    return subprocess.run(["bash", "-e", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_workflow_is_valid_and_uploads_the_golden_redlines():
    workflow = BLOCKS[0]
    steps = workflow["jobs"]["closing-set"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "failure()" and upload["with"]["path"] == "output/golden-diff/"
    assert any(s.get("run", "").strip() == "python -m pytest" for s in steps)
    install = next(s["run"] for s in steps if s.get("name") == "Install")
    assert "python -m assembler.precompile" in install  # as `make setup` does (docs/limits.md: the installed store)


def test_the_workflows_assemble_steps_run_and_pass(tmp_path):
    steps = [s for s in BLOCKS[0]["jobs"]["closing-set"]["steps"] if "assemble " in s.get("run", "")]
    assert [s["name"] for s in steps] == ["Term sheets", "Wording against the approved snapshots",
                                          "Build and check the documents"]
    for step in steps:
        done = _run(step["run"], tmp_path)
        assert done.returncode == 0, f"{step['name']}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        assert "::error" not in done.stdout, step["name"]  # the check step may warn (exit 0): the page says so
    wording = _run(steps[1]["run"], tmp_path)
    assert "::" not in wording.stdout  # the snapshots match: no annotation at all


def test_the_pre_commit_hook_passes_here_and_refuses_a_changed_wording(tmp_path):
    hook = BLOCKS[1]["repos"][0]["hooks"][0]
    command = hook["entry"]
    assert _run(command, tmp_path).returncode == 0
    golden = tmp_path / "golden"
    shutil.copytree(ROOT / "tests" / "golden", golden)
    text = (golden / "focus_1999" / "purchase_agreement.txt").read_text(encoding="utf-8")
    (golden / "focus_1999" / "purchase_agreement.txt").write_text(text.replace("$1.60 per share", "$1.65 per share"),
                                                                  encoding="utf-8")
    changed = _run(command.replace("tests/golden/", f"{golden}/"), tmp_path)
    assert changed.returncode != 0
