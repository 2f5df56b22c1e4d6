import time

import pytest

import textintake
from textintake import IntakeError

REPORT = "区委召开会议\n\n本报讯（记者 林一）8日，区委召开会议。会议强调，要抓好落实。\n"


def test_it_refuses_an_empty_file(tmp_path):
    path = tmp_path / "空.txt"
    path.write_bytes(b"")
    with pytest.raises(IntakeError, match="空.txt.*空文件"):
        textintake.read_file(path)


def test_it_refuses_a_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(IntakeError, match="image.txt"):
        textintake.read_file(path)


def test_it_refuses_text_in_an_unknown_encoding(tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 50)
    with pytest.raises(IntakeError, match="garbled.txt"):
        textintake.read_file(path)


def test_it_refuses_a_50_mb_file_quickly(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(IntakeError, match="big.txt.*20 MB"):
        textintake.read_file(path)
    assert time.perf_counter() - started < 0.5


def test_it_refuses_an_unsupported_type(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IntakeError, match="table.xlsx.*不受支持"):
        textintake.read_file(path)


def test_it_reads_gb18030_text(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(REPORT.encode("gb18030"))
    text = textintake.read_file(path)
    assert text == REPORT
    assert textintake.extract(text)["articles"][0]["reporters"] == ["林一"]


def test_it_reads_utf8_text(tmp_path):
    path = tmp_path / "utf8.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert textintake.read_file(path) == REPORT


def test_it_reads_a_docx(tmp_path):
    import docx

    document = docx.Document()
    for line in REPORT.strip().split("\n\n"):
        document.add_paragraph(line)
    path = tmp_path / "纪要.docx"
    document.save(path)
    article = textintake.extract(textintake.read_file(path))["articles"][0]
    assert article["headline"] == "区委召开会议"


def test_it_refuses_a_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with pytest.raises(IntakeError, match="scan.pdf.*文字层"):
        textintake.read_file(path)


def test_it_joins_the_lines_a_pdf_wrapped_and_drops_its_stray_spaces():
    # The text layer of a page as pypdf gives it: lines cut at the page width, spaces where fonts
    # change, quotes drawn in a Latin font left as an empty pair. (A real PDF is read in
    # duban/intake/tests/test_cli.py, made by LibreOffice.)
    from textintake.reader import _unwrap_pdf

    page = ("县委书记李明主持召开全县安全生产工作会议强调压实责任守牢底线确保\n"
            "全县安全形势稳定\n"
            "本报讯(记者 王芳)4 月 8 日,全县安全生产工作会议召开。会议强调,要压实企业\n"
            "主体责任, “ ”开展 百日攻坚 行动,确保隐患整改到位。\n")
    assert _unwrap_pdf([page]).splitlines() == [
        "县委书记李明主持召开全县安全生产工作会议强调压实责任守牢底线确保全县安全形势稳定",
        "本报讯(记者王芳)4月8日,全县安全生产工作会议召开。会议强调,要压实企业主体责任,开展百日攻坚行动,确保隐患整改到位。",
    ]
