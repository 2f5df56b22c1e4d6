"""A second client reads our files: LibreOffice converts an exported ledger to CSV, cell for cell."""
import csv
import datetime as dt
import shutil
import subprocess

import pytest

from duban.ledger.export import ledger_export
from duban.ledger.tests.helpers import cells, later

SOFFICE = shutil.which("soffice")
# UTF-8 output; plain `--convert-to csv` writes '?' for every Chinese character.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: scripts/system-deps.sh")
def test_it_is_read_the_same_by_libreoffice(world, tmp_path):
    world.task(title="整改“小切口”问题", content="第二行\n第三行", remarks="=1+1", co_units=("白杨街道",),
               milestones=[{"name": "制定方案", "due_on": later(10)}], state="in_progress")
    world.task(title="@提醒 配合事项", deadline=later(5))
    path = tmp_path / "ledger.xlsx"
    ledger_export(actor=world.supervisor, target=path, programme=world.programme.name)
    profile = tmp_path / "lo-profile"  # each run its own profile: two runs sharing one collide
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", CSV_FILTER,
                    str(path), "--outdir", str(tmp_path / "out")], check=True, capture_output=True, timeout=120)
    # The filter's last field (-1) writes every sheet, each to ledger-<sheet name>.csv.
    (converted,) = (tmp_path / "out").glob("ledger*.csv")
    with converted.open(encoding="utf-8", newline="") as handle:
        theirs = [row for row in csv.reader(handle)]

    ours = [[_as_text(v) for v in row] for row in cells(path)]
    width = max(len(r) for r in ours)
    theirs = [row + [""] * (width - len(row)) for row in theirs if any(row)]
    ours = [row + [""] * (width - len(row)) for row in ours]
    assert theirs == ours
    assert any("'=1+1" in row for row in theirs)
