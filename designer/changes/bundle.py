"""Bundles: a pathway with its forms and change log, for exchange between councils.

A bundle is a zip holding ``manifest.yaml`` (format, pathway, council, exported_at,
and every other file's path, sha256 and size) and the files under their usual folder
names. ``read_bundle`` treats a bundle as untrusted and refuses it, with the reason,
unless every check passes, before anything in it is shown or merged:
zip safety (paths, links, counts, sizes, compression ratio), the manifest's schema,
each file's hash and size, YAML without tags or aliases, change sets' shape, every
definition through the language's loader (its CV310 is the output-template check,
also run first on its own so the refusal names the template), and each definition
equal to what its own change log rebuilds.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .change_log import Library
from .changeset import ChangeSetError, apply_changeset, check_changeset
from .source import (
    DefinitionError,
    definition_problems,
    dump_definition,
    read_yaml,
    schema_errors,
    sha256_of,
    template_problems,
)

__all__ = ["LIMITS", "Bundle", "BundleRefused", "export_bundle", "read_bundle"]

FORMAT = "convivial-bundle/1"
LIMITS = {
    "bundle_bytes": 10 * 1024 * 1024,  # the zip file itself
    "total_bytes": 20 * 1024 * 1024,  # all files uncompressed
    "file_bytes": 1024 * 1024,  # any one file (the loader's own limit)
    "files": 2000,
    "ratio": 100,  # uncompressed / compressed, for files over 64 KB
}
_NAME = re.compile(r"^(manifest\.yaml|(form_library|pathways|change_log)/[A-Za-z0-9_.\-/]+\.yaml)$")
_EPOCH = (1980, 1, 1, 0, 0, 0)


class BundleRefused(ValueError):
    """A bundle that failed a check; the message says which and why."""


@dataclass
class Bundle:
    manifest: dict
    pathway: dict
    forms: dict[str, dict]
    changesets: dict[str, list[dict]]  # target id -> change sets, oldest first
    files: dict[str, bytes] = field(repr=False, default_factory=dict)

    @property
    def council(self) -> str:
        return self.manifest["council"]


def pathway_form_ids(pathway: dict) -> list[str]:
    """The forms a pathway needs: each stage's form and the note types that complete one."""
    ids = set()
    for stage in pathway.get("stages", []):
        if stage.get("form"):
            ids.add(stage["form"])
        ids.update(stage.get("completed_by_notes", ()))
    return sorted(ids)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_CHANGE_DATE = re.compile(rb"^date: '?([0-9]{4}-[0-9]{2}-[0-9]{2})", re.MULTILINE)


def _newest_change(files: dict[str, bytes]) -> str:
    """The date of the newest change in the bundle, not the clock: two exports of the same
    library are the same bytes (the date is when the content last changed)."""
    dates = [
        m.group(1).decode()
        for name, data in files.items()
        if name.startswith("change_log/")
        for m in [_CHANGE_DATE.search(data)]
        if m
    ]
    return max(dates, default="1980-01-01")


def export_bundle(
    library: Library,
    pathway_id: str,
    out: str | Path,
    *,
    council: str,
    exported_at: str | None = None,
) -> dict:
    """Write ``out`` (a zip) with the pathway, its forms and their change logs; return
    the manifest. The zip is byte-for-byte reproducible for the same library."""
    pathway = library.current("pathway", pathway_id)
    if pathway is None:
        raise FileNotFoundError(f"pathways/{pathway_id}.yaml does not exist")
    form_ids = pathway_form_ids(pathway)
    files: dict[str, bytes] = {}
    for kind, doc_id in [("pathway", pathway_id)] + [("form", f) for f in form_ids]:
        path = library.definition_path(kind, doc_id)
        files[path.relative_to(library.root).as_posix()] = path.read_bytes()
        for log in sorted(library.log_dir(doc_id).glob("*.yaml")):
            files[log.relative_to(library.root).as_posix()] = log.read_bytes()
    manifest = {
        "format": FORMAT,
        "pathway": pathway_id,
        "council": council,
        "exported_at": exported_at or _newest_change(files),
        "files": [
            {"path": name, "sha256": _digest(data), "bytes": len(data)}
            for name, data in sorted(files.items())
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [
            ("manifest.yaml", dump_definition(manifest, "bundle").encode()),
            *sorted(files.items()),
        ]:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    Path(out).write_bytes(buffer.getvalue())
    return manifest


def _unzip(data: bytes, limits: dict) -> dict[str, bytes]:
    if len(data) > limits["bundle_bytes"]:
        raise BundleRefused(
            f"the bundle is {len(data)} bytes; the limit is {limits['bundle_bytes']}"
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BundleRefused(f"the bundle is not a readable zip file ({exc})") from None
    if len(infos) > limits["files"]:
        raise BundleRefused(f"the bundle holds {len(infos)} files; the limit is {limits['files']}")
    total, out = 0, dict[str, bytes]()
    for info in infos:
        if info.is_dir():
            continue
        _check_member(info, limits, seen=out)
        total += info.file_size
        if total > limits["total_bytes"]:
            raise BundleRefused(f"the bundle unpacks to more than {limits['total_bytes']} bytes")
        out[info.filename] = _read_member(zf, info, limits)
    return out


def _check_member(info: zipfile.ZipInfo, limits: dict, seen: dict) -> None:
    """Refuse a file of the zip by its name and sizes, before reading it."""
    name = info.filename
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in name.split("/"):
        raise BundleRefused(f"unsafe path in the bundle: {name!r}")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BundleRefused(f"the bundle holds a symbolic link: {name!r}")
    if not _NAME.match(name):
        raise BundleRefused(
            f"unexpected file in the bundle: {name!r} "
            "(only YAML definitions, change sets and manifest.yaml)"
        )
    if name in seen:
        raise BundleRefused(f"the bundle holds {name!r} twice")
    if info.file_size > limits["file_bytes"]:
        raise BundleRefused(
            f"{name} is {info.file_size} bytes; the limit is {limits['file_bytes']}"
        )
    if info.file_size > 65536 and info.file_size > limits["ratio"] * max(info.compress_size, 1):
        raise BundleRefused(
            f"{name} compresses {info.file_size // max(info.compress_size, 1)} to 1: "
            "refused as a zip bomb"
        )


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: dict) -> bytes:
    name = info.filename
    try:
        with zf.open(info) as handle:
            content = handle.read(limits["file_bytes"] + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        # A bad CRC, damaged compressed data, or a method or encryption zip cannot undo.
        raise BundleRefused(f"{name} in the bundle is damaged or unreadable ({exc})") from None
    except RuntimeError as exc:  # zipfile's word for an encrypted member
        raise BundleRefused(f"{name} in the bundle cannot be read ({exc})") from None
    if len(content) != info.file_size:
        raise BundleRefused(f"{name} is not the size the zip says it is")
    return content


def _yaml(name: str, data: bytes) -> dict:
    try:
        return read_yaml(data, name)
    except DefinitionError as exc:
        raise BundleRefused(f"{name}: {exc}") from None


def _verify_manifest(files: dict[str, bytes]) -> dict:
    if "manifest.yaml" not in files:
        raise BundleRefused("the bundle has no manifest.yaml")
    manifest = _yaml("manifest.yaml", files["manifest.yaml"])
    problems = schema_errors(manifest, "bundle")
    if problems:
        raise BundleRefused(
            "manifest.yaml does not match the bundle schema: " + "; ".join(problems[:3])
        )
    listed = {entry["path"]: entry for entry in manifest["files"]}
    present = set(files) - {"manifest.yaml"}
    if len(listed) != len(manifest["files"]):
        raise BundleRefused("manifest.yaml lists a file twice")
    for name in sorted(present - set(listed)):
        raise BundleRefused(
            f"{name} is in the bundle but not in its manifest (added after export?)"
        )
    for name in sorted(set(listed) - present):
        raise BundleRefused(f"{name} is in the manifest but missing from the bundle")
    for name, entry in sorted(listed.items()):
        data = files[name]
        if len(data) != entry["bytes"] or _digest(data) != entry["sha256"]:
            raise BundleRefused(
                f"{name} does not match the sha256 in its manifest: "
                "the bundle was changed after export"
            )
    return manifest


def _bundle_bytes(source: str | Path | bytes, limits: dict) -> bytes:
    if isinstance(source, bytes):
        return source
    path = Path(source)
    size = path.stat().st_size
    if size > limits["bundle_bytes"]:
        raise BundleRefused(f"the bundle is {size} bytes; the limit is {limits['bundle_bytes']}")
    return path.read_bytes()


def _changesets(docs: dict[str, dict]) -> dict[str, list[dict]]:
    """The bundle's change sets by the id of the definition they change."""
    changesets: dict[str, list[dict]] = {}
    for name, doc in sorted(docs.items()):
        if name.startswith("change_log/"):
            invalid = check_changeset(doc)
            if invalid:
                raise BundleRefused(f"{name}: not a valid change set: {invalid[0]}")
            changesets.setdefault(doc["target"]["id"], []).append(doc)
    return changesets


def read_bundle(source: str | Path | bytes, limits: dict | None = None) -> Bundle:
    """Open and check an untrusted bundle; raise BundleRefused with the reason."""
    limits = {**LIMITS, **(limits or {})}
    files = _unzip(_bundle_bytes(source, limits), limits)
    manifest = _verify_manifest(files)
    docs = {name: _yaml(name, data) for name, data in files.items() if name != "manifest.yaml"}
    pathway_name = f"pathways/{manifest['pathway']}.yaml"
    if pathway_name not in docs:
        raise BundleRefused(f"the bundle does not hold {pathway_name}")
    forms = {n.split("/")[1][:-5]: d for n, d in docs.items() if n.startswith("form_library/")}
    pathways = {n.split("/")[1][:-5]: d for n, d in docs.items() if n.startswith("pathways/")}
    if set(pathways) != {manifest["pathway"]}:
        raise BundleRefused("a bundle holds exactly one pathway, the one its manifest names")
    for form_id, form in forms.items():
        refused = template_problems((form.get("output") or {}).get("template"))
        if refused:
            raise BundleRefused(
                f"form_library/{form_id}.yaml: output template refused: {refused[0]}"
            )
    problems = definition_problems(forms, pathways)
    if problems:
        raise BundleRefused(f"a definition in the bundle is not valid: {problems[0]}")
    changesets = _changesets(docs)
    for kind, group in (("form", forms), ("pathway", pathways)):
        for doc_id, doc in group.items():
            _verify_history(kind, doc_id, doc, changesets.setdefault(doc_id, []))
    return Bundle(manifest, pathways[manifest["pathway"]], forms, changesets, files)


def _verify_history(kind: str, doc_id: str, doc: dict, log: list[dict]) -> None:
    log.sort(key=lambda cs: cs["result"]["version"])
    built = None
    try:
        for cs in log:
            if cs["target"] != {"kind": kind, "id": doc_id}:
                raise BundleRefused(f"change_log/{doc_id} holds a change set for {cs['target']}")
            built = apply_changeset(cs, built)
    except ChangeSetError as exc:
        raise BundleRefused(f"the change log of {doc_id} does not replay: {exc}") from None
    if built is None or sha256_of(built) != sha256_of(doc):
        raise BundleRefused(
            f"{doc_id} (version {doc.get('version')}) is not the version its change log rebuilds: "
            "it was edited after it was published"
        )
