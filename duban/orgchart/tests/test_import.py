"""The roster import at the command line: dry run, all-or-nothing, row and column in every error,
a re-import that updates, an export that reads back unchanged, invitations by mail."""
import json

import pytest

from duban.cli.main import main
from duban.core.eventlog import verify_log
from duban.core.models import Event
from duban.org.models import Membership, Unit, User
from duban.orgchart.models import Invitation
from duban.orgchart.tests.roster import PEOPLE, UNITS, roster
from duban.supervision.models import OutboxMessage

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


def test_it_checks_without_writing_on_a_dry_run(world, capsys, tmp_path):
    path = roster(tmp_path / "花名册.xlsx", UNITS, PEOPLE)
    before = (Unit.objects.count(), User.objects.count(), Event.objects.count())
    code, out, err = run(capsys, "org", "import", str(path), "--dry-run", "--json", "--as", "admin")
    assert code == 0, err
    data = json.loads(out)
    assert (data["units_created"], data["people_created"], data["roles_added"], data["written"]) == (3, 3, 0, False)
    assert (Unit.objects.count(), User.objects.count(), Event.objects.count()) == before


def test_it_brings_in_units_and_people_and_invites_them(world, capsys, tmp_path):
    path = roster(tmp_path / "花名册.xlsx", UNITS, PEOPLE)
    code, out, err = run(capsys, "org", "import", str(path), "--json", "--as", "admin")
    assert code == 0, err
    section = Unit.objects.get(name="区发改局综合科")
    district = Unit.objects.get(name="钱塘区")
    assert section.path.startswith(district.path) and section.parent.name == "区发展和改革局"
    assert Unit.objects.get(name="区发展和改革局").short_name == "区发改局"
    wang = User.objects.get(username="wangfang")
    assert {(m.unit.name, m.role) for m in wang.memberships.all()} == {
        ("区发展和改革局", "liaison"), ("区发改局综合科", "observer")}
    assert not wang.has_usable_password() and wang.contact.phone == "13800000001"
    assert User.objects.get(username="13800000002").display_name == "李强"  # no username: the phone signs in
    zhao = User.objects.get(username="zhaomin")
    assert zhao.memberships.get().unit.name == "区审计局"
    mails = OutboxMessage.objects.filter(channel="email").order_by("recipient")
    assert [m.recipient for m in mails] == ["liqiang@example.cn", "wangfang@example.cn"]
    assert "/invite/inv_" in mails[1].text and Invitation.objects.count() == 2
    assert json.loads(out)["without_email"] == ["zhaomin"]
    assert verify_log().ok


def test_it_updates_on_a_second_import_instead_of_duplicating(world, capsys, tmp_path):
    run(capsys, "org", "import", str(roster(tmp_path / "a.xlsx", UNITS, PEOPLE)), "--as", "admin")
    changed = [("王芳", "wangfang", "区发展和改革局", "联络员", "副局长", "wangfang@example.cn", "13900000009"),
               ("王芳", "wangfang", "下沙街道", "督查员", "", "", "")]
    units = [("下沙街道", "下沙", "街道", "钱塘区")]
    code, out, err = run(capsys, "org", "import", str(roster(tmp_path / "b.xlsx", units, changed)), "--json", "--as", "admin")
    data = json.loads(out)
    assert code == 0 and (data["units_created"], data["units_updated"]) == (0, 1), err
    assert (data["people_created"], data["people_updated"], data["roles_added"]) == (0, 1, 1)
    wang = User.objects.get(username="wangfang")
    assert wang.title == "副局长" and wang.contact.phone == "13900000009" and wang.memberships.count() == 3
    assert Unit.objects.filter(name="下沙街道").count() == 1 and Unit.objects.get(name="下沙街道").short_name == "下沙"
    assert Invitation.objects.count() == 2  # nobody new, nobody invited twice


def test_an_exported_roster_imports_back_with_nothing_to_change(world, capsys, tmp_path):
    run(capsys, "org", "import", str(roster(tmp_path / "a.xlsx", UNITS, PEOPLE)), "--as", "admin")
    out_file = tmp_path / "导出.xlsx"
    code, out, _ = run(capsys, "org", "export", "--out", str(out_file), "--json")
    assert code == 0 and json.loads(out)["units"] == Unit.objects.count()
    code, out, err = run(capsys, "org", "import", str(out_file), "--json", "--as", "admin")
    data = json.loads(out)
    assert code == 0, err
    assert [data[k] for k in ("units_created", "units_updated", "people_created", "people_updated", "roles_added")] \
        == [0, 0, 0, 0, 0]


def test_it_names_row_and_column_of_every_error_and_writes_nothing(world, capsys, tmp_path):
    units = [("区发展和改革局", "", "科室", "钱塘区"), ("区新局", "", "部门", "不存在的单位"),
             ("区发展和改革局", "", "部门", "钱塘区")]
    people = [("王芳", "wang fang", "区审计局", "联络员", "", "", ""),
              ("李强", "liqiang", "区审计局", "组长", "", "", ""),
              ("赵敏", "zhaomin", "区审计局", "联络员", "", "not-an-address", ""),
              ("", "nobody", "区审计局", "联络员", "", "", "")]
    before = (Unit.objects.count(), User.objects.count(), Event.objects.count())
    code, out, err = run(capsys, "org", "import", str(roster(tmp_path / "bad.xlsx", units, people)), "--as", "admin")
    assert code == 2
    for expected in ["「单位」表第3行 C列「类型」：类型「科室」无效", "「单位」表第4行 D列「上级单位」：上级单位「不存在的单位」",
                     "「单位」表第5行 A列「单位名称」：单位「区发展和改革局」与第3行重复",
                     "「人员」表第2行 B列「用户名」", "「人员」表第3行 D列「角色」：角色「组长」无效",
                     "「人员」表第4行 F列「电子邮件」", "「人员」表第5行 A列「姓名」：不能为空"]:
        assert expected in err, err
    assert (Unit.objects.count(), User.objects.count(), Event.objects.count()) == before


def test_an_admin_writes_only_within_its_own_subtree(world, capsys, tmp_path):
    from duban.org.services import user_create

    user_create(actor=None, username="street_admin", password="duban-test-pw", unit="白杨街道", role="admin")
    units = [("白杨街道社区一", "", "机构", "白杨街道"), ("区新局", "", "部门", "钱塘区")]
    people = [("孙丽", "sunli", "区审计局", "联络员", "", "", ""), ("supervisor", "supervisor", "白杨街道", "联络员", "", "", "")]
    code, out, err = run(capsys, "org", "import", str(roster(tmp_path / "x.xlsx", units, people)), "--as", "street_admin")
    assert code == 2
    assert "「单位」表第4行 D列「上级单位」：只能把单位放在您管理的单位之下" in err
    assert "「人员」表第2行 C列「单位」：单位「区审计局」不在您管理的范围内" in err
    assert "「人员」表第3行 B列「用户名」：用户名「supervisor」已被您管理范围以外的人使用" in err
    assert not Unit.objects.filter(name="白杨街道社区一").exists()


def test_it_refuses_a_unit_that_would_be_its_own_ancestor(world, capsys, tmp_path):
    units = [("甲科", "", "机构", "乙科"), ("乙科", "", "机构", "甲科")]
    code, _, err = run(capsys, "org", "import", str(roster(tmp_path / "c.xlsx", units)), "--as", "admin")
    assert code == 2 and "上级关系成环：甲科 → 乙科 → 甲科" in err


def test_only_an_admin_imports(world, capsys, tmp_path):
    code, _, err = run(capsys, "org", "import", str(roster(tmp_path / "a.xlsx", UNITS, PEOPLE)), "--as", "supervisor")
    assert code == 2 and "只有管理员" in err and not Membership.objects.filter(user__username="wangfang").exists()
