"""The decisions catalogue, inspection rectification and the ledger import refuse in English when English is asked for,
and in the same Chinese as ever when it is not; what people typed stays as typed."""
import datetime as dt

import openpyxl
import pytest
from django.utils import translation

from duban.api.i18n import translated
from duban.core import clock
from duban.core.errors import DomainError
from duban.decisions import services as decisions
from duban.decisions.steps import step_skip
from duban.inspection import services as inspection
from duban.inspection.importer import problems_from_xlsx
from duban.ledger.importer import ledger_import
from duban.ledger.reader import check_container
from duban.ledger.tests.helpers import later, office_file
from duban.tasks import services as tasks

pytestmark = pytest.mark.django_db
D = dt.date


def _both(call):
    """The refusal's text with English active, and with no language asked for (the command line)."""
    with translation.override("en"), pytest.raises(DomainError) as en:
        call()
    with pytest.raises(DomainError) as zh:
        call()
    return str(en.value), str(zh.value)


@pytest.fixture
def decision(world):
    tasks.programme_create(actor=world.supervisor, name="2026年度重大行政决策事项", year=2026, owner_unit="钱塘区",
                           kind="decision")
    with clock.travel(D(2026, 3, 20)):
        decisions.catalogue_create(actor=world.supervisor, year=2026, programme="2026年度重大行政决策事项")
        added = decisions.decision_add(actor=world.supervisor, year=2026, name="老旧小区综合改造提升三年行动计划",
                                       unit="区审计局", planned_on=D(2026, 11, 30), steps=["专家论证"])
        decisions.catalogue_approve(actor=world.supervisor, year=2026, approval="区政府常务会议审议通过")
    return added


def test_a_required_step_that_cannot_be_skipped(world, decision):
    en, zh = _both(lambda: step_skip(actor=world.liaison, decision_id=decision.pk, step="专家论证", reason="无"))
    assert en == "“Expert argument” is required for this decision and cannot be skipped" and translated(en)
    assert zh == "「专家论证」是本决策事项的必经程序，不能跳过"


def test_a_step_that_is_not_in_the_regulation_keeps_its_typed_name(world, decision):
    en, zh = _both(lambda: step_skip(actor=world.liaison, decision_id=decision.pk, step="听证会", reason="无"))
    assert en.startswith("There is no statutory step “听证会”; choose from: Public participation") and translated(en)
    assert zh == "没有「听证会」这一法定程序；应为：公众参与、专家论证、风险评估、合法性审查、集体讨论决定"


@pytest.fixture
def feedback(world):
    tasks.programme_create(actor=world.supervisor, name="省委巡视反馈问题整改", year=2026, owner_unit="钱塘区",
                           kind="inspection")
    return inspection.feedback_create(actor=world.supervisor, programme="省委巡视反馈问题整改",
                                      title="省委第三巡视组反馈意见", inspected_unit="区审计局",
                                      feedback_on=clock.today(), problems=["老旧小区改造进度滞后"])


def test_a_plan_without_measures_cannot_be_approved(world, feedback):
    en, zh = _both(lambda: inspection.rectification_plan_approve(actor=world.leader, feedback_id=feedback.pk))
    assert en == "Problem(s) 1 have no rectification measures yet" and translated(en)
    assert zh == "第1个问题还没有整改措施"


def test_a_feedback_title_taken_keeps_the_typed_title(world, feedback):
    en, zh = _both(lambda: inspection.feedback_create(
        actor=world.supervisor, programme="省委巡视反馈问题整改", title="省委第三巡视组反馈意见",
        inspected_unit="区审计局", feedback_on=clock.today()))
    assert en == "Inspection feedback named “省委第三巡视组反馈意见” already exists" and translated(en)
    assert zh == "已有名为「省委第三巡视组反馈意见」的巡视反馈"


def test_a_problem_list_names_the_row_and_the_files_own_column(tmp_path):
    path = tmp_path / "problems.xlsx"
    book = openpyxl.Workbook()
    for row in (["序号", "反馈问题", "问题类别"], [1, "问题一", ""], [2, None, "主体责任"]):
        book.active.append(row)
    book.save(path)
    en, zh = _both(lambda: problems_from_xlsx(path))
    assert en == "The problem list was not imported:\nRow 3 “反馈问题”: must not be empty" and translated(en)
    assert zh == "问题清单未导入：\n第3行「反馈问题」: 不能为空"


def test_a_ledger_names_each_row_and_column_in_either_language(world, tmp_path):
    rows = [["B-1", "好的事项", "区审计局", None, later(), None],
            ["B-2", "坏单位", "区审计厅", None, later(), None],
            ["B-1", "重复编号", "区审计局", None, later(), None]]
    path = office_file(tmp_path / "bad.xlsx", rows)
    with translation.override("en"):
        en = ledger_import(actor=world.supervisor, path=path, programme="2026年共同富裕30项重点任务").errors
    zh = ledger_import(actor=world.supervisor, path=path, programme="2026年共同富裕30项重点任务").errors
    assert en == ["Row 4 “牵头单位”: No unit named “区审计厅”; did you mean “区审计局”?",
                  "Row 5: Code “B-1” repeats row 3"]
    assert all(translated(line) for line in en)
    assert zh == ["第4行「牵头单位」: 没有名为「区审计厅」的单位，是否指「区审计局」?", "第5行: 编号「B-1」与第3行重复"]


def test_a_file_that_is_not_a_workbook_says_what_it_looks_like(tmp_path):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    en, zh = _both(lambda: check_container(path))
    assert en == "Not an Excel workbook (.xlsx): it looks like a PDF file; save it as .xlsx in Excel and import again"
    assert zh == "不是Excel工作簿（.xlsx）：看起来是PDF文件，请在Excel中另存为 .xlsx 再导入"
