import json
from pathlib import Path

import pytest

from duban.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "duban" / "intake" / "data" / "seed_page.txt"
GOLD = ROOT / "textintake" / "tests" / "fixtures" / "seed_gold.json"


@pytest.fixture
def run(capsys):
    """`duban ...` as a user types it: (exit code, stdout, stderr)."""
    def run(*argv):
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))
