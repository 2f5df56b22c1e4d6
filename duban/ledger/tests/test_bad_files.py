"""Bad files: each refused with a message saying what is wrong, nothing written, never a stack
trace; or read correctly. Sizes are real (a 1,048,576-row sheet, a 210 MB bomb, a 50 MB cell)."""
import datetime as dt
import io
import zipfile

import pytest

from duban.cli.main import main
from duban.core.models import Event
from duban.ledger.tests.helpers import HEADERS, inline_row, later, office_file, raw_xlsx
from duban.tasks.models import Task

PLAN = "2026年共同富裕30项重点任务"
SERIAL_2035 = (dt.date(2035, 1, 1) - dt.date(1899, 12, 30)).days


def _run(path, capsys) -> tuple[int, str]:
    code = main(["ledger", "import", str(path), "--programme", PLAN, "--as", "supervisor"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return code, out.err + out.out


def _refused(world, path, capsys, words: str):
    events = Event.objects.count()
    code, text = _run(path, capsys)
    assert code == 2 and words in text, text
    assert Task.objects.count() == 0 and Event.objects.count() == events


def _good_xlsx(tmp_path):
    return office_file(tmp_path / "good.xlsx", [["X-1", "事项", "区审计局", None, later(), None]])


def test_it_refuses_a_csv(world, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_text("编号,事项内容,牵头单位\nX-1,事项,区审计局\n", encoding="utf-8")
    _refused(world, path, capsys, "看起来是文本或CSV文件")


def test_it_refuses_an_old_xls(world, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le"))
    _refused(world, path, capsys, "旧版Excel（.xls）")


def test_it_refuses_a_password_protected_workbook(world, tmp_path, capsys):
    # Excel stores an encrypted .xlsx in an OLE2 (CFB) container with an EncryptionInfo stream.
    path = tmp_path / "ledger.xlsx"
    directory = "EncryptionInfo".encode("utf-16-le") + b"\0" * 20 + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory + b"\0" * 4096)
    _refused(world, path, capsys, "设有打开密码")


def test_it_refuses_a_renamed_docx(world, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    _refused(world, path, capsys, "Word文档（.docx）")


def test_it_refuses_a_truncated_file(world, tmp_path, capsys):
    data = _good_xlsx(tmp_path).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    _refused(world, path, capsys, "文件已损坏或不完整")


def test_it_refuses_a_corrupt_member(world, tmp_path, capsys):
    buffer = io.BytesIO()
    with zipfile.ZipFile(_good_xlsx(tmp_path)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data[:200] + b"\x00\xff garbage <<<" + data[200:]
            target.writestr(info, data)
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(buffer.getvalue())
    _refused(world, path, capsys, "文件")


def test_it_reads_formulas_by_their_cached_values(world, tmp_path, capsys):
    header = inline_row(1, HEADERS)
    row = (f'<row r="2"><c r="A2" t="inlineStr"><is><t>Y-1</t></is></c>'
           f'<c r="B2" t="str"><f>CONCATENATE("整改","事项")</f><v>整改事项</v></c>'
           f'<c r="C2" t="inlineStr"><is><t>区审计局</t></is></c>'
           f'<c r="E2"><f>DATE(2035,1,1)</f><v>{SERIAL_2035}</v></c></row>')
    code, text = _run(raw_xlsx(tmp_path / "f.xlsx", [header, row]), capsys)
    assert code == 0, text
    task = Task.objects.get(code="Y-1")
    assert task.title == "整改事项" and task.deadline == dt.date(2035, 1, 1)


def test_it_refuses_formulas_without_cached_values(world, tmp_path, capsys):
    path = office_file(tmp_path / "f.xlsx", [["Y-2", "=\"事\"&\"项\"", "区审计局", None, later(), None]])
    _refused(world, path, capsys, "第3行「事项内容」: 是公式且文件里没有计算结果")


def test_it_reads_a_sheet_with_a_million_formatted_empty_rows(world, tmp_path, capsys):
    def parts():
        yield inline_row(1, HEADERS)
        yield inline_row(2, ["Z-1", "唯一的事项", "区审计局", None, "2035-01-01", None])
        chunk = []
        for number in range(3, 1_048_577):
            chunk.append(f'<row r="{number}" s="1" customFormat="1"><c r="A{number}" s="1"/></row>')
            if len(chunk) == 10000:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk)

    code, text = _run(raw_xlsx(tmp_path / "big.xlsx", parts()), capsys)
    assert code == 0 and "新建 1 条" in text, text


def test_it_refuses_a_zip_bomb_before_unpacking(world, tmp_path, capsys):
    zeros = b"\0" * (1 << 20)
    path = raw_xlsx(tmp_path / "bomb.xlsx", [inline_row(1, HEADERS)])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/image1.bin", "w", force_zip64=True) as member:
            for _ in range(210):
                member.write(zeros)
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused(world, path, capsys, "可能是压缩炸弹")


def test_it_refuses_fifty_megabytes_of_text_in_one_cell(world, tmp_path, capsys):
    def parts():
        yield inline_row(1, HEADERS)
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>W-1</t></is></c><c r="B2" t="inlineStr"><is><t>'
        for _ in range(50):
            yield b"a" * (1 << 20)
        yield '</t></is></c><c r="C2" t="inlineStr"><is><t>区审计局</t></is></c></row>'

    _refused(world, raw_xlsx(tmp_path / "long.xlsx", parts()), capsys, "超过单元格上限32767个字符")


@pytest.mark.parametrize("rows", [[["姓名", "电话"], ["张三", "123"]], []])
def test_it_refuses_a_sheet_without_a_ledger_header(world, tmp_path, capsys, rows):
    path = raw_xlsx(tmp_path / "h.xlsx", [inline_row(i, r) for i, r in enumerate(rows, start=1)])
    _refused(world, path, capsys, "找不到台账表头")
