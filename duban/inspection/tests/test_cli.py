"""The inspection commands: the problem list imported verbatim, refusals with exit 2, the disclosure."""
import json

from docx import Document
from openpyxl import Workbook

from duban.cli.main import main
from duban.core import clock
from duban.inspection.models import Feedback


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _list(path, rows):
    book = Workbook()
    book.active.append(["序号", "反馈问题", "问题类别"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_it_records_the_feedback_from_the_problem_list_and_discloses(inspection, capsys, tmp_path):
    problems = _list(tmp_path / "p.xlsx", [[1, "“一把手”带头抓整改的责任压得不实", "主体责任"],
                                           [2, "问题反弹  防止不力", "长效机制"]])
    code, out, err = run(capsys, "inspection", "feedback", "省委第三巡视组反馈意见", "--programme", inspection.name,
                         "--unit", "区审计局", "--on", clock.today().isoformat(), "--problems-file", problems,
                         "--as", "supervisor")
    assert code == 0, err
    feedback = Feedback.objects.get()
    assert [(p.text, p.category) for p in feedback.problems.all()] == [
        ("“一把手”带头抓整改的责任压得不实", "主体责任"), ("问题反弹  防止不力", "长效机制")]
    code, out, err = run(capsys, "inspection", "list", "--json")
    assert json.loads(out)[0]["problems"] == 2
    code, out, err = run(capsys, "inspection", "start", str(feedback.pk), "--as", "supervisor")
    assert code == 2 and "尚未经领导审批" in err
    code, out, err = run(capsys, "inspection", "disclosure", "--programme", inspection.name, "--out",
                         str(tmp_path / "d.docx"))
    assert code == 0, err
    text = "\n".join(p.text for p in Document(tmp_path / "d.docx").paragraphs)
    assert "巡视反馈问题共2个，已完成整改0个，基本完成0个，尚未完成2个，整改完成率0.0%" in text
    code, out, err = run(capsys, "inspection", "disclosure", "--programme", inspection.name, "--out",
                         str(tmp_path / "x.docx"), "--as", "outsider")
    assert code == 2


def test_a_bad_problem_list_writes_nothing(inspection, capsys, tmp_path):
    problems = _list(tmp_path / "p.xlsx", [[1, "问题一", ""], [2, None, "主体责任"]])
    code, out, err = run(capsys, "inspection", "feedback", "省委第三巡视组反馈意见", "--programme", inspection.name,
                         "--unit", "区审计局", "--on", clock.today().isoformat(), "--problems-file", problems,
                         "--as", "supervisor")
    assert code == 2 and "第3行「反馈问题」: 不能为空" in err
    assert not Feedback.objects.exists()
