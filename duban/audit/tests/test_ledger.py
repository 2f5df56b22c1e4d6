"""The audit office's 整改台账: imported whole, exported, imported again, cell for cell; a hostile
one refused whole, naming row and column."""
import pytest
from openpyxl import Workbook, load_workbook

from duban.audit import services as audit
from duban.audit.ledger import EXPORTED, IMPORTED, ImportRefused, findings_export, findings_import
from duban.audit.models import Finding
from duban.audit.tests.conftest import later
from duban.ledger.writer import restore
from duban.tasks.models import Task

HEADER = ["序号", "问题描述", "问题类别", "整改类型", "涉及金额（万元）", "被审计单位", "责任领导", "整改措施", "整改时限",
          "阶段节点", "应整改金额（万元）", "完善制度（项）", "追责问责（人）"]


def _rows():
    return [
        [1, "违规发放津贴补贴", "财经纪律", "立行立改", 12.5, "区审计局", "张局长", "全额清退", later(20), "", 12.5, None, 2],
        [2, "政府投资项目超概算", "工程管理", "分阶段整改", 360, "区住房和城乡建设局", "李局长", "完善概算管理",
         later(90), f"{later(30).isoformat()} 制定方案；{later(90).isoformat()} 完成整改", None, 1, None],
        [3, "@专项资金闲置", "资金绩效", "持续整改", 0, "前进街道", "", "建立长效机制", None, "",
         None, 2, None],
    ]


def _book(path, rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年度审计查出问题整改台账"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _cells(path, width):
    sheet = load_workbook(path).worksheets[0]
    rows = [list(r)[:width] for r in sheet.iter_rows(min_row=4, values_only=True)]
    return [[_plain(v) for v in row] for row in rows]


def _plain(value):
    """A cell as a reader sees it: a date as a date, the apostrophe that disarms a formula dropped."""
    if value is None:
        return ""
    if hasattr(value, "date"):
        return value.date()
    return restore(value) if isinstance(value, str) else value


def _second_project(world, plan):
    audit.audit_plan_adjust(actor=world.auditor, plan=plan.title, change="增加一个审计项目", ground="区委审计委员会决定",
                            approved_by="leader", approved_on=later(0), new_project=dict(
                                name="专项资金审计", project_type="专项审计", organising_unit="钱塘区",
                                implementing_unit="区审计局"))
    return plan.projects.get(name="专项资金审计")


def test_it_round_trips_the_audit_office_ledger(world, plan, tmp_path):
    first = plan.projects.get()
    result = findings_import(actor=world.auditor, path=_book(tmp_path / "in.xlsx", _rows()), project_id=first.pk)
    assert result["created"] == 3
    assert Task.objects.filter(audit_findings__project=first).count() == 3
    findings_export(project=first, target=tmp_path / "out1.xlsx")
    findings_import(actor=world.auditor, path=tmp_path / "out1.xlsx", project_id=_second_project(world, plan).pk)
    findings_export(project=plan.projects.get(name="专项资金审计"), target=tmp_path / "out2.xlsx")
    once, twice = _cells(tmp_path / "out1.xlsx", len(EXPORTED)), _cells(tmp_path / "out2.xlsx", len(EXPORTED))
    assert once == twice
    given = [["" if v is None else v for v in row] for row in _rows()]
    for ours, theirs in zip(once, given, strict=True):  # every cell typed in comes back as typed
        assert [ours[i] for i in range(len(IMPORTED)) if theirs[i] != ""] == [v for v in theirs if v != ""]
    assert once[2][IMPORTED.index("阶段节点")].count("年度整改检查") >= 2  # 持续整改: yearly checkpoints


def test_a_dry_run_writes_nothing(world, plan, tmp_path):
    result = findings_import(actor=world.auditor, path=_book(tmp_path / "in.xlsx", _rows()),
                             project_id=plan.projects.get().pk, dry_run=True)
    assert (result["rows"], result["created"]) == (3, 0)
    assert not Finding.objects.exists() and not Task.objects.exists()


def test_a_hostile_ledger_is_refused_whole_with_row_and_column(world, plan, tmp_path):
    rows = _rows()
    rows[0][3] = "马上就改"          # no such class
    rows[1][4] = None               # amount missing
    rows[2][5] = "不存在的街道"
    rows.append([4, "分阶段却没有阶段", "", "分阶段整改", 1, "区审计局", "", "", later(40), "", None, None, None])
    with pytest.raises(ImportRefused) as refused:
        findings_import(actor=world.auditor, path=_book(tmp_path / "bad.xlsx", rows), project_id=plan.projects.get().pk)
    text = str(refused.value)
    assert "第3行「整改类型」: 「马上就改」不是整改类型，可选：立行立改、分阶段整改、持续整改" in text
    assert "第4行「涉及金额（万元）」: 不能为空（没有涉及金额请填0）" in text
    assert "第5行「被审计单位」: 没有名为「不存在的街道」的单位" in text
    assert not Finding.objects.exists() and not Task.objects.exists()
    rows = _rows()
    rows.append([4, "分阶段却没有阶段", "", "分阶段整改", 1, "区审计局", "", "", later(40), "", None, None, None])
    with pytest.raises(ImportRefused, match="第6行「阶段节点」: 分阶段整改的问题须列出阶段节点"):
        findings_import(actor=world.auditor, path=_book(tmp_path / "bad2.xlsx", rows), project_id=plan.projects.get().pk)
    assert not Finding.objects.exists() and not Task.objects.exists()


def test_it_refuses_a_file_that_is_no_workbook(world, plan, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"%PDF-1.4 not a ledger")
    with pytest.raises(Exception, match="PDF"):
        findings_import(actor=world.auditor, path=path, project_id=plan.projects.get().pk)


def test_it_refuses_counts_that_are_no_bounded_integer_without_building_them(world, plan, tmp_path):
    rows = _rows()
    rows[0][11], rows[0][12] = "NaN", "1e999999999"  # 完善制度, 追责问责
    with pytest.raises(ImportRefused) as refused:
        findings_import(actor=world.auditor, path=_book(tmp_path / "odd.xlsx", rows), project_id=plan.projects.get().pk)
    text = str(refused.value)
    assert "第3行「完善制度（项）」: 应为0到10000之间的整数，收到「NaN」" in text
    assert "第3行「追责问责（人）」: 应为0到10000之间的整数，收到「1e999999999」" in text
    assert not Finding.objects.exists()


def _cut_mid_sheet(path):
    """The workbook with its sheet's XML cut off after the first rows, as a broken upload leaves it."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet[:sheet.index(b'<row r="4"') + 30]
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members.items():
            book.writestr(name, data)
    return path


def test_a_workbook_damaged_mid_sheet_is_refused_in_a_sentence_and_writes_nothing(world, plan, tmp_path):
    from duban.core.errors import DomainError
    from duban.inspection.importer import problems_from_xlsx

    path = _cut_mid_sheet(_book(tmp_path / "cut.xlsx", _rows() * 40))
    with pytest.raises(DomainError, match="^无法读取工作簿：文件"):
        findings_import(actor=world.auditor, path=path, project_id=plan.projects.get().pk)
    assert not Finding.objects.exists() and not Task.objects.exists()
    with pytest.raises(DomainError, match="^无法读取工作簿：文件"):
        problems_from_xlsx(_cut_mid_sheet(_book(tmp_path / "problems.xlsx", [[1, "问题一"]] * 40,
                                                header=["序号", "反馈问题"])))
