"""Evidence files (佐证材料): checked for size and type, stored under DUBAN_HOME, never in a web root."""
import hashlib
import io
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext

from duban.core import clock, zipguard
from duban.core.errors import DomainError
from duban.tasks.models import Evidence

MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".ppt", ".pptx",
           ".jpg", ".jpeg", ".png", ".gif", ".txt", ".zip", ".rar", ".7z", ".mp4"}


class LocalFile:
    """A file from the command line, with the same face as an upload: name, size, chunks()."""

    def __init__(self, path: str):
        self.path = Path(path)
        if not self.path.is_file():
            raise DomainError(gettext("佐证材料文件「%(path)s」不存在") % {"path": path})
        self.name = self.path.name
        self.size = self.path.stat().st_size

    def chunks(self, chunk_size: int = 1 << 16):
        with self.path.open("rb") as fh:
            while chunk := fh.read(chunk_size):
                yield chunk


def check_files(files) -> None:
    for f in files:
        ext = os.path.splitext(f.name)[1].lower()
        if ext not in ALLOWED:
            raise DomainError(gettext("佐证材料「%(name)s」的类型不被接受（可上传：PDF、OFD、Word、Excel、图片、压缩包等）") % {"name": f.name})
        if f.size > MAX_BYTES:
            raise DomainError(gettext("佐证材料「%(name)s」超过 %(most)s MB") % {"name": f.name, "most": MAX_BYTES // (1024 * 1024)})
        if f.size == 0:
            raise DomainError(gettext("佐证材料「%(name)s」是空文件") % {"name": f.name})
        if ext in zipguard.ZIPPED_SUFFIXES:
            zipguard.check_zip(_seekable(f), f.name)


def _seekable(f):
    """What zipfile can read: the path of a local file, the bytes in memory, or the upload itself."""
    if isinstance(f, LocalFile):
        return f.path
    if isinstance(f, MemoryFile):
        return io.BytesIO(f.content)
    return f


def store_files(*, actor, task, files, report=None) -> list[Evidence]:
    """Write files under DUBAN_HOME/files/evidence/<task>/ and record them; check_files first."""
    folder = Path(settings.MEDIA_ROOT) / "evidence" / str(task.pk)
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for f in files:
        ext = os.path.splitext(f.name)[1].lower()
        target = folder / f"{uuid.uuid4().hex}{ext}"
        digest, size = hashlib.sha256(), 0
        with target.open("wb") as out:
            for chunk in f.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        stored.append(Evidence.objects.create(
            task=task, report=report, name=os.path.basename(f.name)[:255],
            stored_path=str(target.relative_to(settings.MEDIA_ROOT)), size=size, sha256=digest.hexdigest(),
            content_type=getattr(f, "content_type", "") or "", uploaded_by=actor, uploaded_at=clock.now()))
    return stored


def evidence_path(evidence: Evidence) -> Path:
    return Path(settings.MEDIA_ROOT) / evidence.stored_path


class MemoryFile:
    """File content already in memory (generated documents, tests), with an upload's face."""

    def __init__(self, name: str, content: bytes, content_type: str = ""):
        self.name, self.content, self.size, self.content_type = name, content, len(content), content_type

    def chunks(self, chunk_size: int = 1 << 16):
        for i in range(0, len(self.content), chunk_size):
            yield self.content[i:i + chunk_size]
