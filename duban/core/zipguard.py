"""Zipped uploads (.xlsx ledgers, .docx reports, Office and zip evidence) are judged by their zip
directory before anything inflates them: a 1 MB file that unpacks to 1 GB is refused unread.

Python's zipfile never inflates a member past the size its directory declares, so checking the
declared sizes bounds what openpyxl and python-docx can be made to hold."""
import zipfile

from duban.core.errors import DomainError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # the ledger's limit: a 100,000-row workbook unpacks to ~60 MB
MAX_MEMBERS = 10_000
# python-docx holds a whole document in memory, several times its XML's size: a smaller ceiling.
MAX_DOCUMENT_UNPACKED_BYTES = 50 * 1024 * 1024
ZIPPED_SUFFIXES = (".xlsx", ".docx", ".pptx", ".zip", ".ofd")


def check_zip(source, name: str, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse `source` (a path or a seekable file) when its directory promises too much; a file
    that is no zip at all is left for its reader to name."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if len(infos) > MAX_MEMBERS:
        raise DomainError(f"文件「{name}」是含有 {len(infos)} 个成员的压缩包，超过 {MAX_MEMBERS} 个的上限，拒绝读取")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_unpacked:
        raise DomainError(f"文件「{name}」解压后有{unpacked // 1024 // 1024}MB，超过{max_unpacked // 1024 // 1024}MB的上限"
                          "（可能是压缩炸弹），拒绝读取")
