"""Fuzz the term-sheet loader at scale: tests/unit/test_fuzz.py with 20,000 examples of mutated data (and 1,000 of
mutated YAML text). Any exception other than TermSheetInvalid fails. Usage: python benchmarks/fuzz.py [EXAMPLES]"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    examples = sys.argv[1] if len(sys.argv) > 1 else "20000"
    env = {**os.environ, "ASSEMBLER_FUZZ_EXAMPLES": examples}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--hypothesis-show-statistics", str(ROOT / "tests" / "unit" / "test_fuzz.py")],
                            cwd=ROOT, env=env)
    print(f"\n{examples} examples: {time.perf_counter() - start:.1f} s, exit {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
