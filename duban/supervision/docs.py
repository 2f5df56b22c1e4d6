"""Every generated .docx in the layout of GB/T 9704-2012 (党政机关公文格式): A4, its margins and
type area, a 小标宋-style title at 2号, a 仿宋-style body at 3号 on 22 lines of 28 characters, a
document number (发文字号) under the issuer's mark, the issuer and date at the end, and page
numbers as "— 1 —", odd pages right and even pages left.

The standard's typefaces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are not free; the fonts
named in `settings.DUBAN_DOCUMENT_FONTS` stand in for them (by default the CJK fonts Debian ships)
and an office with the real ones installed sets their names there.
"""
import datetime as dt

from django.conf import settings
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Sizes in points of the Chinese type sizes the standard names (字号).
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
LINE_PITCH = Pt(28.95)  # 225 mm of type area / 22 lines
PAGE = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
RED = RGBColor(0xE6, 0x00, 0x12)

DEFAULT_FONTS = {
    "title": "Noto Serif CJK SC",      # 方正小标宋简体, bold
    "body": "Noto Serif CJK SC",       # 仿宋_GB2312
    "heading": "Noto Sans CJK SC",     # 黑体: first level, 一、
    "subheading": "AR PL UKai CN",     # 楷体_GB2312: second level, （一）
    "page_number": "Noto Serif CJK SC",  # 宋体, for "— 1 —"
}


def fonts() -> dict:
    return {**DEFAULT_FONTS, **getattr(settings, "DUBAN_DOCUMENT_FONTS", {})}


def _font(run, role: str, size, *, bold=False, color=None) -> None:
    name = fonts()[role]
    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size, run.font.bold = size, bold
    if color is not None:
        run.font.color.rgb = color


def _pitch(paragraph, *, indent_chars: int = 0, align=None) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    if indent_chars:
        fmt.first_line_indent = SIZE_3 * indent_chars
    if align is not None:
        paragraph.alignment = align


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    section.footer_distance = Mm(35 - 7 - 5)  # the number's dash line 7 mm below the type area
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = fonts()["body"], SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts()["body"])
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, align) -> None:
    """"— N —" in 4号 宋体, one character in from the right (odd) or left (even) edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_4
    else:
        fmt.left_indent = SIZE_4
    _font(paragraph.add_run("— "), "page_number", SIZE_4)
    run = paragraph.add_run()
    _font(run, "page_number", SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "page_number", SIZE_4)


def _masthead(doc, issuer: str, number: str) -> None:
    """版头: the issuer's mark in red, the document number below it, a red rule across the type area."""
    mark = doc.add_paragraph()
    _pitch(mark, align=WD_ALIGN_PARAGRAPH.CENTER)
    mark.paragraph_format.line_spacing = Pt(48)
    _font(mark.add_run(issuer), "title", Pt(36), color=RED)
    doc.add_paragraph()
    line = doc.add_paragraph()
    _pitch(line, align=WD_ALIGN_PARAGRAPH.CENTER)
    _font(line.add_run(number), "body", SIZE_3)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "8"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    border.append(bottom)
    line._p.get_or_add_pPr().append(border)
    doc.add_paragraph()


def new_document(title: str, subtitle: str = "", *, issuer: str = "", number: str = "", recipients: str = ""):
    """An A4 document with the masthead (when an issuer is given), its title and, below, the recipients."""
    doc = Document()
    _page_setup(doc)
    if issuer:
        _masthead(doc, issuer, number)
    elif number:
        numbered = doc.add_paragraph()
        _pitch(numbered, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _font(numbered.add_run(number), "body", SIZE_3)
    heading = doc.add_paragraph()
    _pitch(heading, align=WD_ALIGN_PARAGRAPH.CENTER)
    heading.paragraph_format.line_spacing = Pt(36)
    _font(heading.add_run(title), "title", SIZE_2, bold=True)
    if subtitle:
        sub = doc.add_paragraph()
        _pitch(sub, align=WD_ALIGN_PARAGRAPH.CENTER)
        _font(sub.add_run(subtitle), "subheading", SIZE_3)
    doc.add_paragraph()
    if recipients:
        to = doc.add_paragraph()
        _pitch(to)
        _font(to.add_run(f"{recipients}："), "body", SIZE_3)
    return doc


def add_paragraph(doc, text: str):
    """A body paragraph: 3号 仿宋, first line indented two characters."""
    paragraph = doc.add_paragraph()
    _pitch(paragraph, indent_chars=2)
    _font(paragraph.add_run(text), "body", SIZE_3)
    return paragraph


def add_heading(doc, text: str, level: int = 1) -> None:
    """结构层次: 一、 in 黑体, （一） in 楷体, both at 3号 and indented like the body."""
    paragraph = doc.add_paragraph()
    _pitch(paragraph, indent_chars=2)
    _font(paragraph.add_run(text), "heading" if level == 1 else "subheading", SIZE_3)


def add_table(doc, headers: list[str], rows: list[list]) -> None:
    """A grid the width of the type area; 4号 type so that seven columns still fit."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, text, bold=True)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            _cell(cell, "" if value is None else str(value))


def _cell(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), "heading" if bold else "body", SIZE_4)


def add_signature(doc, issuer: str, date: dt.date) -> None:
    """发文机关署名 and 成文日期 (Arabic numerals, 2026年3月31日), the date four characters in from the right."""
    doc.add_paragraph()
    for text in (issuer, f"{date.year}年{date.month}月{date.day}日"):
        paragraph = doc.add_paragraph()
        _pitch(paragraph, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = SIZE_3 * 4
        _font(paragraph.add_run(text), "body", SIZE_3)
