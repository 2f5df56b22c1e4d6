"""What a background job in one serving process tells the pages polling it, which may be answered by
another process (`duban serve --workers N`): a small JSON file, replaced whole on every update, so a
reader sees the old state or the new one, never half of either."""
import json
import os
from pathlib import Path


def progress_write(path: Path, state: dict) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(state, ensure_ascii=False))
    os.replace(partial, path)


def progress_read(path: Path) -> dict | None:
    """The last state written, or None when there is none (not started, finished and removed, or a
    file that is not a state)."""
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None
