"""Tables a library takes a second or more to build, kept between processes in one per-user folder.

jieba's dictionary and spaCy's English tokenizer rules are read once per
machine with the libraries' own code, pickled here, and loaded in a few
milliseconds by every later process, so neither library is imported on the
way to the first document.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

Table = TypeVar("Table")


def cache_dir() -> Path:
    """``$CLUSTERFACTS_CACHE``, else ``$XDG_CACHE_HOME/clusterfacts``, else a per-user folder in the temp dir."""
    if os.environ.get("CLUSTERFACTS_CACHE"):
        return Path(os.environ["CLUSTERFACTS_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "clusterfacts"
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"clusterfacts-{user}"


def cached(name: str, kind: type[Table], build: Callable[[], Table]) -> Table:
    """The ``kind`` object pickled as ``name`` in the cache folder, or ``build()`` written there first.

    ``name`` should change whenever what ``build`` would return can change
    (library version, file dates, the table's format), so a stale file is
    never read. A missing, damaged or foreign file is rebuilt; a folder that
    cannot be written only costs the build again.
    """
    path = cache_dir() / name
    if not _trusted(path.parent):
        return build()
    found = _read(path, kind)
    if found is None:
        found = build()
        _write(path, found)
    return found


def _read(path: Path, kind: type[Table]) -> Table | None:
    try:
        with path.open("rb") as file:
            found = pickle.load(file)
    except Exception:  # missing, truncated or written by other code: rebuild
        return None
    return found if isinstance(found, kind) else None


def _write(path: Path, table: object) -> None:
    """Write through a temporary file and rename, so a reader (another worker) never sees half a file."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        file = tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False)
    except OSError:  # no writable cache folder: the table serves this process only
        return
    try:
        with file:
            pickle.dump(table, file, protocol=5)
        os.replace(file.name, path)
    except OSError:
        Path(file.name).unlink(missing_ok=True)


def _trusted(folder: Path) -> bool:
    """A folder another user owns (possible in a shared temp dir) could hold a planted pickle."""
    if not hasattr(os, "getuid"):
        return True
    try:
        return folder.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return True
