"""Hostile rosters are refused whole, with a sentence and no trace; formulas never come back as formulas."""
import zipfile

import pytest
from openpyxl import load_workbook

from duban.cli.main import main
from duban.core.models import Event
from duban.org.models import Unit, User
from duban.orgchart.tests.roster import roster

pytestmark = pytest.mark.django_db


def _refused(capsys, path, words):
    before = (Unit.objects.count(), User.objects.count(), Event.objects.count())
    code = main(["org", "import", str(path), "--as", "admin"])
    out = capsys.readouterr()
    assert code == 2 and words in out.err and "Traceback" not in out.err + out.out, out.err
    assert (Unit.objects.count(), User.objects.count(), Event.objects.count()) == before


def test_it_refuses_a_zip_bomb_before_inflating_it(world, capsys, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    _refused(capsys, path, "压缩炸弹")


def test_it_refuses_a_csv_dressed_as_xlsx(world, capsys, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,单位\n王芳,区审计局\n", encoding="utf-8")
    _refused(capsys, path, "看起来是文本或CSV文件")


def test_it_refuses_a_workbook_without_a_roster(world, capsys, tmp_path):
    path = roster(tmp_path / "x.xlsx", unit_header=["编号", "事项"], person_header=["编号", "事项"])
    _refused(capsys, path, "「单位」表前10行没有表头")


def test_it_refuses_overlong_values_and_a_script_in_a_name(world, capsys, tmp_path):
    units = [("局" * 101, "", "部门", "钱塘区")]
    people = [("<script>alert(1)</script>", "x/../y", "区审计局", "联络员", "", "", "")]
    _refused(capsys, roster(tmp_path / "x.xlsx", units, people), "「单位」表第3行 A列「单位名称」：超过100个字")


def test_a_formula_typed_in_a_name_exports_as_text(world, capsys, tmp_path):
    from duban.org.services import unit_create

    unit_create(actor=world.admin, name='=HYPERLINK("http://evil.example","点我")', parent="钱塘区")  # typed in settings
    out = tmp_path / "out.xlsx"
    assert main(["org", "export", "--out", str(out)]) == 0
    cells = [c for row in load_workbook(out)["单位"].iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == '\'=HYPERLINK("http://evil.example","点我")' for c in cells)
    capsys.readouterr()
    assert main(["org", "import", str(out), "--json", "--as", "admin"]) == 0
    assert Unit.objects.filter(name__startswith="=HYPERLINK").count() == 1
