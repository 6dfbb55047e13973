"""What a chapter did while it ran: the files it read, the numbers it glued, the figures it drew.

The build sets BOOK_META_DIR; each chapter appends to `<BOOK_META_DIR>/<chapter>.json`. Outside a build
(a notebook opened in Jupyter) nothing is written.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib

_state: dict = {"chapter": None, "reads": {}, "numbers": [], "figures": []}


def start(chapter: str) -> None:
    _state.update(chapter=chapter, reads={}, numbers=[], figures=[])
    _save()


def chapter() -> str | None:
    return _state["chapter"]


def file_digest(path: pathlib.Path) -> str:
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def record_read(path: pathlib.Path) -> None:
    """Remember a file by its path inside the repository, so a moved or copied checkout compares its own files."""
    from bookkit.book import ROOT
    resolved = pathlib.Path(path).resolve()
    name = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else str(resolved)
    _state["reads"][name] = file_digest(resolved)
    _save()


def record_number(entry: dict) -> None:
    _state["numbers"].append(entry)
    _save()


def record_figure(entry: dict) -> None:
    _state["figures"].append(entry)
    _save()


def _save() -> None:
    meta_dir = os.environ.get("BOOK_META_DIR")
    if not meta_dir or not _state["chapter"]:
        return
    path = pathlib.Path(meta_dir) / f"{_state['chapter']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_state, indent=1, sort_keys=True), encoding="utf-8")
