"""Imports in progress: the uploaded bundle and the person's choices, kept on disk
between the steps of the flow, and the one publish each of them may make.

They live in the instance folder rather than the session cookie (a bundle may be
10 MB) and rather than the database (no table for them yet; see docs/history.md).
Publishing takes an exclusive lock and records what it wrote before syncing, so a
second press of "Publish", from any process, finds the import done and writes nothing.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
KEEP_DAYS = 7


@dataclass
class Pending:
    token: str
    user_id: int
    filename: str
    sha256: str
    created: str
    council: str
    pathway: str
    choices: dict | None = None
    fingerprint: str | None = None
    written: list | None = None  # [[id, version], ...] once the library files are written
    published: dict | None = None  # set once the new versions are live
    history: list = field(default_factory=list)  # what happened, for the result page


class PendingImports:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _dir(self, token: str) -> Path:
        return self.folder / token

    def create(self, user_id: int, filename: str, data: bytes, council: str, pathway: str):
        self.folder.mkdir(parents=True, exist_ok=True)
        self._purge()
        token = secrets.token_urlsafe(18)
        self._dir(token).mkdir()
        (self._dir(token) / "bundle.zip").write_bytes(data)
        pending = Pending(
            token=token,
            user_id=user_id,
            filename=filename[:120],
            sha256=hashlib.sha256(data).hexdigest(),
            created=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            council=council,
            pathway=pathway,
        )
        self.save(pending)
        return pending

    def get(self, token: str, user_id: int) -> Pending | None:
        """The import, only for the person who uploaded it."""
        if not TOKEN.match(token or ""):
            return None
        path = self._dir(token) / "state.json"
        if not path.is_file():
            return None
        pending = Pending(**json.loads(path.read_text("utf-8")))
        return pending if pending.user_id == user_id else None

    def save(self, pending: Pending) -> None:
        _replace(self._dir(pending.token) / "state.json", json.dumps(asdict(pending)))

    def cached_preview(self, pending: Pending, digest: str) -> list | None:
        """The preview kept for this library state (see importing.library_digest)."""
        path = self._dir(pending.token) / "preview.json"
        if not path.is_file():
            return None
        kept = json.loads(path.read_text("utf-8"))
        return kept["items"] if kept.get("digest") == digest else None

    def keep_preview(self, pending: Pending, digest: str, items: list) -> None:
        # A file of its own: writing it never races with the state a publish records.
        _replace(
            self._dir(pending.token) / "preview.json",
            json.dumps({"digest": digest, "items": items}),
        )

    def bundle_bytes(self, pending: Pending) -> bytes:
        data = (self._dir(pending.token) / "bundle.zip").read_bytes()
        if hashlib.sha256(data).hexdigest() != pending.sha256:
            raise ValueError("the stored bundle has changed since it was checked")
        return data

    def discard(self, pending: Pending) -> None:
        shutil.rmtree(self._dir(pending.token), ignore_errors=True)

    @contextmanager
    def publishing(self):
        """One publish at a time across processes: the library folder has one writer."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "publish.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _purge(self) -> None:
        """Forget unfinished imports after a week; published ones after the same."""
        cutoff = _dt.datetime.now(_dt.UTC).timestamp() - KEEP_DAYS * 86400
        for folder in self.folder.iterdir():
            if folder.is_dir() and TOKEN.match(folder.name) and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def _replace(path: Path, text: str) -> None:
    """Write a whole file so no reader, and no other writer, ever sees half of it."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    partial.write_text(text, "utf-8")
    os.replace(partial, path)
