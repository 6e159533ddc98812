"""Bundles are untrusted: tampered or hostile bundles are refused with a clear reason."""

from __future__ import annotations

import hashlib
import io
import stat
import zipfile

import pytest

from designer.changes.bundle import BundleRefused, export_bundle, read_bundle
from designer.changes.change_log import Library
from renderer.definitions.serialise import dump_definition

from .helpers import edit, with_bad_crc


@pytest.fixture
def exported(council_library, tmp_path):
    lib = council_library("exporter")
    out = tmp_path / "bundle.zip"
    manifest = export_bundle(
        Library(lib),
        "child_protection",
        out,
        council="Council A",
        exported_at="2026-11-23T08:00:00Z",
    )
    return out, manifest


def _rewrite(src, dst, change):
    """Copy a zip, letting ``change(name, data)`` return new bytes (or None to drop)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)


def _manifest_with(data_by_name, manifest):
    files = []
    for entry in manifest["files"]:
        data = data_by_name.get(entry["path"])
        if data is not None:
            entry = dict(entry, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
        files.append(entry)
    return dump_definition(dict(manifest, files=files), "bundle").encode()


def test_an_exported_bundle_reads_back_and_is_reproducible(exported, council_library, tmp_path):
    path, manifest = exported
    bundle = read_bundle(path)
    assert bundle.council == "Council A"
    assert set(bundle.forms) >= {"strategy_discussion", "core_group_review"}
    assert "pathways/child_protection.yaml" in {f["path"] for f in manifest["files"]}
    again = tmp_path / "again.zip"
    export_bundle(
        Library(council_library("again")),
        "child_protection",
        again,
        council="Council A",
        exported_at="2026-11-23T08:00:00Z",
    )
    assert again.read_bytes() == path.read_bytes()


def test_a_file_edited_after_export_is_refused(exported, tmp_path):
    path, _ = exported
    bad = tmp_path / "tampered.zip"
    _rewrite(
        path,
        bad,
        lambda n, d: (
            d.replace(b"Strategy discussion", b"Strategy chat")
            if n == "form_library/strategy_discussion.yaml"
            else d
        ),
    )
    with pytest.raises(BundleRefused, match="strategy_discussion.yaml does not match the sha256"):
        read_bundle(bad)


def test_an_edit_with_a_forged_manifest_is_caught_by_the_change_log(exported, tmp_path):
    path, manifest = exported
    name = "form_library/strategy_discussion.yaml"
    with zipfile.ZipFile(path) as zf:
        forged = zf.read(name).replace(b"title: Strategy discussion", b"title: Strategy chat")
    bad = tmp_path / "forged.zip"
    _rewrite(
        path,
        bad,
        lambda n, d: (
            forged
            if n == name
            else _manifest_with({name: forged}, manifest)
            if n == "manifest.yaml"
            else d
        ),
    )
    with pytest.raises(BundleRefused, match="not the version its change log rebuilds"):
        read_bundle(bad)


def test_an_added_file_is_refused(exported, tmp_path):
    path, _ = exported
    bad = tmp_path / "extra.zip"
    _rewrite(path, bad, lambda n, d: d)
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr("form_library/extra.yaml", "id: extra\n")
    with pytest.raises(BundleRefused, match="not in its manifest"):
        read_bundle(bad)


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, *mode in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode:
                info.external_attr = mode[0] << 16
            zf.writestr(info, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ([("../../etc/passwd.yaml", b"x")], "unsafe path"),
        ([("/abs/form_library/x.yaml", b"x")], "unsafe path"),
        ([("form_library/link.yaml", b"/etc/passwd", stat.S_IFLNK | 0o777)], "symbolic link"),
        ([("form_library/x.py", b"import os")], "unexpected file"),
        ([("form_library/big.yaml", b"a" * (2 * 1024 * 1024))], "limit is"),
        ([("form_library/bomb.yaml", b"\n" * (900 * 1024))], "zip bomb"),
        ([("form_library/x.yaml", b"id: x\n")], "no manifest.yaml"),
    ],
)
def test_hostile_zips_are_refused(entries, reason):
    with pytest.raises(BundleRefused, match=reason):
        read_bundle(_zip(entries))


def test_a_member_with_a_bad_crc_is_refused(exported):
    path, _ = exported
    with pytest.raises(BundleRefused, match=r"is damaged or unreadable \(Bad CRC-32"):
        read_bundle(with_bad_crc(path.read_bytes()))


def test_not_a_zip_is_refused():
    with pytest.raises(BundleRefused, match="not a readable zip"):
        read_bundle(b"this is not a zip file")


def test_too_many_files_and_oversized_bundles_are_refused():
    many = [(f"form_library/f{i}.yaml", b"id: x\n") for i in range(30)]
    with pytest.raises(BundleRefused, match="holds 30 files; the limit is 20"):
        read_bundle(_zip(many), limits={"files": 20})
    with pytest.raises(BundleRefused, match="the bundle is .* bytes; the limit is 100"):
        read_bundle(_zip(many), limits={"bundle_bytes": 100})


def test_yaml_tags_are_refused(exported, tmp_path):
    path, manifest = exported
    name = "form_library/strategy_discussion.yaml"
    with zipfile.ZipFile(path) as zf:
        hostile = zf.read(name).replace(
            b"title: Strategy discussion", b"title: !!python/object/apply:os.system ['id']", 1
        )
    bad = tmp_path / "tags.zip"
    _rewrite(
        path,
        bad,
        lambda n, d: (
            hostile
            if n == name
            else _manifest_with({name: hostile}, manifest)
            if n == "manifest.yaml"
            else d
        ),
    )
    with pytest.raises(BundleRefused, match=r"strategy_discussion.yaml: .*CV103"):
        read_bundle(bad)


def test_manifest_with_an_unknown_format_is_refused(exported, tmp_path):
    path, manifest = exported
    bad = tmp_path / "format.zip"
    _rewrite(
        path,
        bad,
        lambda n, d: (
            dump_definition(dict(manifest, format="other/9"), "bundle").encode()
            if n == "manifest.yaml"
            else d
        ),
    )
    with pytest.raises(BundleRefused, match="manifest.yaml does not match the bundle schema"):
        read_bundle(bad)


def test_template_injection_is_refused(council_library, tmp_path):
    lib = council_library("injector")
    edit(
        lib,
        "form",
        "strategy_discussion",
        lambda d: d.setdefault("output", {}).update(
            template="{{ ''.__class__.__mro__[1].__subclasses__() }}"
        ),
    )
    from designer.changes.change_log import publish
    from designer.changes.changeset import make_changeset
    from designer.changes.source import DefinitionError

    # Convivial's own publish refuses it (the loader's CV310) ...
    with pytest.raises(DefinitionError, match="CV310"):
        publish(Library(lib), None, rationale="Custom output", author="Mallory")
    # ... so a hostile council writes the version and its change set by hand
    library = Library(lib)
    previous = library.rebuild("strategy_discussion", "form")
    doc = library.current("form", "strategy_discussion")
    cs = make_changeset(previous, doc, rationale="Custom output", author="Mallory")
    library.write_changeset(cs)
    library.write_definition(dict(doc, version=cs["result"]["version"]), "form")
    out = tmp_path / "inject.zip"
    export_bundle(Library(lib), "child_protection", out, council="Elsewhere")
    with pytest.raises(BundleRefused, match="output template refused: .*starts with an underscore"):
        read_bundle(out)
