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


def test_it_reads_a_pdf_text_layer():
    pytest.skip("writing a PDF with a CJK text layer needs a font library that is not a dependency")
