"""Where intake keeps what it worked out once (jieba's tables, the gazetteer's names) for the next
process: the account's own cache folder, read back only if this account wrote it."""
import os
import tempfile
from pathlib import Path


def folder() -> Path:
    """The user's own cache folder (0700), not the shared temporary one where another account could
    plant a file; the temporary folder only when there is no writable home."""
    path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "textintake"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def trusted(path: Path) -> bool:
    """Whether `path` is this account's own file that nobody else can change."""
    held = path.stat()
    return held.st_uid == os.getuid() and not held.st_mode & 0o022
