from __future__ import annotations

from pathlib import Path

from designer.changes.source import read_yaml
from renderer.definitions.serialise import dump_definition


def edit(library: Path, kind: str, doc_id: str, change) -> None:
    folder = "form_library" if kind == "form" else "pathways"
    path = library / folder / f"{doc_id}.yaml"
    doc = read_yaml(path.read_bytes())
    change(doc)
    path.write_text(dump_definition(doc, kind), encoding="utf-8")


def load(library: Path, kind: str, doc_id: str) -> dict:
    folder = "form_library" if kind == "form" else "pathways"
    return read_yaml((library / folder / f"{doc_id}.yaml").read_bytes())


def field(doc: dict, field_id: str) -> dict | None:
    def walk(fields):
        for f in fields:
            if f["id"] == field_id:
                return f
            found = walk(f.get("fields") or [])
            if found:
                return found
        return None

    for section in doc["sections"]:
        found = walk(section["fields"])
        if found:
            return found
    return None


def section_of(doc: dict, field_id: str) -> str | None:
    for section in doc["sections"]:
        if any(f["id"] == field_id for f in section["fields"]):
            return section["id"]
    return None


def with_bad_crc(bundle: bytes) -> bytes:
    """The same zip with one member's recorded CRC-32 wrong, as a damaged download has."""
    entry = bundle.index(b"PK\x01\x02")  # the first member's central directory entry
    crc = entry + 16
    flipped = bytes(b ^ 0xFF for b in bundle[crc : crc + 4])
    return bundle[:crc] + flipped + bundle[crc + 4 :]
