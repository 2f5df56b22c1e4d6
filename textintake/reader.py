"""read_file(): text of a .txt, .docx or .pdf report, or an IntakeError naming the problem."""
import re
from pathlib import Path

from .errors import IntakeError

MAX_BYTES = 20 * 1024 * 1024


def read_file(path):
    """Text of the file at path; IntakeError (Chinese message naming the file) when unreadable."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise IntakeError(f"找不到文件“{name}”。")
    size = path.stat().st_size
    if size == 0:
        raise IntakeError(f"文件“{name}”是空文件。")
    if size > MAX_BYTES:
        raise IntakeError(f"文件“{name}”大小为 {size // (1024 * 1024)} MB,超过 20 MB 的上限,未读取。")
    suffix = path.suffix.lower()
    readers = {".txt": _text, ".text": _text, "": _text, ".docx": _docx, ".pdf": _pdf}
    if suffix not in readers:
        raise IntakeError(f"文件“{name}”的类型“{suffix}”不受支持,请提供 .txt、.docx 或 .pdf 文件。")
    text = readers[suffix](path, name)
    if not text.strip():
        raise IntakeError(f"文件“{name}”中没有可读的文字。")
    return text


def _text(path, name):
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise IntakeError(f"文件“{name}”是二进制文件,不是文本。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" or _looks_chinese(text):
            return text
    return _detected(data, name)


def _looks_chinese(text):
    """GB18030 decodes almost any bytes: trust it only when the result is mostly common text."""
    sample = text[:4000]
    common = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or ch.isascii() or ch in "，。、；：？！“”《》（）")
    return common >= 0.9 * len(sample)


def _detected(data, name):
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise IntakeError(f"无法识别文件“{name}”的文字编码,请另存为 UTF-8 后重试。")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IntakeError(f"无法识别文件“{name}”的文字编码,请另存为 UTF-8 后重试。") from exc


def _docx(path, name):
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise IntakeError(f"文件“{name}”不是有效的 Word(.docx)文件。") from exc
    return "\n".join(p.text for p in document.paragraphs)


def _pdf(path, name):
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many error types for a damaged file
        raise IntakeError(f"文件“{name}”不是有效的 PDF 文件。") from exc
    text = _unwrap_pdf(pages)
    if not text.strip():
        raise IntakeError(f"文件“{name}”是扫描件或图片 PDF,没有文字层,无法读取;请提供带文字的 PDF 或文本文件。")
    return text


_CJK = "\u3400-\u9fff\uff00-\uffef\u3000-\u303f"
# A PDF's text layer puts spaces where glyph runs of different fonts meet ("2026 年3 月31 日") and
# leaves quotes drawn in a Latin font as empty pairs away from their words.
_GAP = re.compile(rf"(?<=[{_CJK}\d])[ \t]+(?=[{_CJK}\d])|(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_EMPTY_QUOTES = re.compile(r"[“\"]\s*[”\"]")
_END = "。！？!?；;：:”』」）)》"


def _width(line: str) -> int:
    """Drawn width in half-width cells: a Chinese character takes two, a digit or letter one."""
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in line)


def _unwrap_pdf(pages: list[str]) -> str:
    """Join the lines a PDF wrapped at the page's width back into paragraphs and headlines."""
    pages_lines = [[_GAP.sub("", _EMPTY_QUOTES.sub("", line)).strip() for line in page.splitlines()]
                   for page in pages]
    widths = sorted(_width(line) for lines in pages_lines for line in lines if line)
    if not widths:
        return ""
    full = widths[int(len(widths) * 0.9)]  # the width of a full line in this document
    return "\n\n".join(_unwrap_lines(lines, full) for lines in pages_lines)


def _unwrap_lines(lines: list[str], full: int) -> str:
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and line:
            out[-1] += line
        else:
            out.append(line)
        joining = bool(line) and _width(line) >= full * 0.85 and not line.endswith(tuple(_END))
    return "\n".join(out)
