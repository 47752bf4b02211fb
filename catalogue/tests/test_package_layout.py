"""The catalogue's modules stay small, and the rules engine stays pure Python."""

import subprocess
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1]
MAX_LINES = 400


def test_every_catalogue_module_is_at_most_400_lines() -> None:
    too_long = {
        str(path.relative_to(CATALOGUE)): lines
        for path in CATALOGUE.rglob("*.py")
        if not {"migrations", "tests"} & set(path.relative_to(CATALOGUE).parts)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_the_rules_engine_imports_without_django() -> None:
    # The benchmark and any tooling run the engine with no settings and no database.
    code = (
        "import sys, catalogue.rules\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=CATALOGUE.parent, check=True, capture_output=True
    )
