"""Bad input gets a message naming file, row and column; nothing is half-loaded. xlsx and the
GB/T 24589 voucher XML load through the same mapping."""
import pytest
from openpyxl import Workbook

from duban.analytics import store
from duban.analytics.loading import source_load
from duban.analytics.models import Source
from duban.analytics.services import run_test
from duban.core.errors import DomainError

MAP = {"date": "日期", "amount": "金额", "vendor": "收款方"}


def _load(world, path, **extra):
    return source_load(actor=world.auditor, path=path, name=extra.pop("name", "付款"), programme=world.programme.name,
                       mapping=extra.pop("mapping", MAP), **extra)


def _csv(tmp_path, text, encoding="utf-8", name="付款.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_it_names_every_bad_row_and_column_and_loads_nothing(world, tmp_path):
    text = "日期,金额,收款方\n2026-03-05,100.00,甲\n2026/13/01,abc,乙\n三月五日,,丙\n2026年3月6日,\"1,234.50\",丁\n"
    with pytest.raises(DomainError) as caught:
        _load(world, _csv(tmp_path, text))
    message = caught.value.message
    assert "有 4 处错误，整份未载入" in message
    assert "第3行「日期」（日期）" in message and "第3行「金额」（金额）：「abc」不是金额" in message
    assert "第4行「日期」" in message and "第4行「金额」（金额）：为空" in message
    assert "第5行" not in message
    assert not Source.objects.exists() and not store.path().exists()


def test_it_reads_dates_and_amounts_in_the_forms_exports_use(world, tmp_path):
    text = ("日期,金额,收款方\n2026-03-05,100,甲\n2026/3/6,\"1,234.50\",乙\n2026年3月9日,￥88.8,丙\n"
            "20260310,(12.00),丁\n2026.03.11 10:20:00,1.5E3,戊\n")
    source = _load(world, _csv(tmp_path, text, "gbk"))
    assert source.row_count == 5 and source.encoding == "gb18030"
    _columns, rows = store.fetch_rows(source.table, [2, 3, 4, 5, 6])
    assert [(str(r[1]), r[0]) for r in rows] == [("2026-03-05", 100.0), ("2026-03-06", 1234.5), ("2026-03-09", 88.8),
                                                 ("2026-03-10", -12.0), ("2026-03-11", 1500.0)]
    assert rows[0][2] == "甲"


def test_a_failed_reload_keeps_the_old_rows(world, tmp_path):
    source = _load(world, _csv(tmp_path, "日期,金额,收款方\n2026-03-05,100,甲\n"))
    with pytest.raises(DomainError, match="缺少列「收款方」"):
        _load(world, _csv(tmp_path, "日期,金额,供应商\n2026-03-05,100,甲\n2026-03-06,200,乙\n"))
    with pytest.raises(DomainError, match="编码无法识别"):
        _load(world, _csv(tmp_path, "日期,金额,收款方\n2026-03-05,100,甲\n", "utf-16-le"))
    source.refresh_from_db()
    assert source.row_count == 1 and store.fetch_rows(source.table, [2, 3])[1][0][2] == "甲"
    assert len(store.fetch_rows(source.table, [2, 3])[1]) == 1


def test_it_refuses_files_it_cannot_read(world, tmp_path):
    for name, data, words in [("a.pdf", b"%PDF", "格式不支持"), ("a.xlsx", b"not a zip", "不是有效的 .xlsx"),
                              ("a.xml", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "实体"),
                              ("b.xml", "<凭证><x>1</x></凭证>".encode(), "没有找到记账凭证")]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(DomainError, match=words):
            _load(world, path)


def test_it_loads_xlsx_with_real_dates_and_numbers(world, tmp_path):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "金额", "收款方"])
    sheet.append([dt.date(2026, 3, 5), 1200.5, "甲"])
    sheet.append([46087, "300", "乙"])  # an Excel serial date as a number
    book.save(tmp_path / "付款.xlsx")
    source = _load(world, tmp_path / "付款.xlsx")
    _columns, rows = store.fetch_rows(source.table, [2, 3])
    assert [str(r[1]) for r in rows] == ["2026-03-05", "2026-03-06"] and rows[0][0] == 1200.5


VOUCHERS = """<?xml version="1.0" encoding="UTF-8"?>
<电子账簿><记账凭证集>
{vouchers}
</记账凭证集></电子账簿>"""
VOUCHER = """<记账凭证><会计年度>2026</会计年度><会计期间号>3</会计期间号><凭证类型编号>记</凭证类型编号>
<凭证编号>{no}</凭证编号><记账凭证日期>2026-03-{day:02d}</记账凭证日期>
<分录><分录序号>1</分录序号><摘要>付款</摘要><科目编号>2202</科目编号><借方金额>{amount}</借方金额><贷方金额>0</贷方金额></分录>
<分录><分录序号>2</分录序号><摘要>付款</摘要><科目编号>1002</科目编号><借方金额>0</借方金额><贷方金额>{amount}</贷方金额></分录>
</记账凭证>"""


def test_it_loads_gbt24589_vouchers_and_finds_a_missing_number(world, tmp_path):
    numbers = [1, 2, 3, 5, 6]
    body = "\n".join(VOUCHER.format(no=n, day=n + 1, amount=f"{100 * n + 0.5:.2f}") for n in numbers)
    path = tmp_path / "凭证.xml"
    path.write_text(VOUCHERS.format(vouchers=body), encoding="utf-8")
    source = source_load(actor=world.auditor, path=path, name="凭证", programme=world.programme.name)
    assert source.row_count == 10  # two entries per voucher
    run = run_test(actor=world.auditor, source="凭证", test="voucher_gaps")
    assert [lead.title for lead in run.leads.all()] == ["2026-03 记字凭证缺号：4号"]
    assert run_test(actor=world.auditor, source="凭证", test="voucher_repeats").lead_count == 0
