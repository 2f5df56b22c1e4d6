"""The audit commands: the contracts' shapes, all-or-nothing import with exit 2, documents written."""
import json

from docx import Document

from duban.audit.models import Finding
from duban.audit.tests.test_ledger import _book, _rows
from duban.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_it_lists_plans_as_json(plan, capsys):
    code, out, err = run(capsys, "audit", "plan", "list", "--year", "2026", "--json")
    assert code == 0, err
    (listed,) = json.loads(out)
    assert listed["title"] == "2026年度审计项目计划" and listed["state"] == "approved"
    assert [p["name"] for p in listed["projects"]] == ["区住建局预算执行审计"]
    code, out, _ = run(capsys, "audit", "plan", "list", "--year", "2025", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "audit", "plan", "list", "--json", "--as", "outsider")
    assert json.loads(out) == []  # a street's liaison sees no plan


def test_it_imports_dry_runs_and_refuses_with_exit_2(plan, capsys, tmp_path):
    good = _book(tmp_path / "good.xlsx", _rows())
    code, out, err = run(capsys, "audit", "finding", "import", str(good), "--project", "区住建局预算执行审计",
                         "--dry-run", "--json", "--as", "auditor")
    assert code == 0, err
    assert json.loads(out)["rows"] == 3 and not Finding.objects.exists()
    rows = _rows()
    rows[1][3] = "立即整改"
    code, out, err = run(capsys, "audit", "finding", "import", str(_book(tmp_path / "bad.xlsx", rows)),
                         "--project", "区住建局预算执行审计", "--json", "--as", "auditor")
    assert code == 2 and "第4行「整改类型」" in err and "Traceback" not in err
    assert not Finding.objects.exists()
    code, out, err = run(capsys, "audit", "finding", "import", str(good), "--project", "区住建局预算执行审计",
                         "--json", "--as", "auditor")
    assert code == 0 and json.loads(out)["created"] == 3


def test_it_writes_the_report_and_the_summary(plan, capsys, tmp_path):
    run(capsys, "audit", "finding", "import", str(_book(tmp_path / "in.xlsx", _rows())), "--project",
        str(plan.projects.get().pk), "--as", "auditor")
    code, out, err = run(capsys, "audit", "report", "--project", "区住建局预算执行审计", "--out", str(tmp_path / "r.docx"))
    assert code == 0, err
    text = "\n".join(p.text for p in Document(tmp_path / "r.docx").paragraphs)
    assert "审计查出问题共3个（立行立改1个，分阶段整改1个，持续整改1个），已完成整改0个，正在整改3个" in text
    code, out, err = run(capsys, "audit", "summary", "--year", "2026", "--out", str(tmp_path / "s.docx"))
    assert code == 0 and "问题3个" in out
    code, _, err = run(capsys, "audit", "report", "--project", "区住建局预算执行审计", "--out", str(tmp_path / "x.docx"),
                       "--as", "outsider")
    assert code == 2 and "不存在" in err
