"""Export in the browser: the pathway's page offers a bundle, and it is the same file,
byte for byte, as `convivial export` writes for the same library and council."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner

from designer.cli_changes import change_commands
from designer.editor.views_library import DEFAULT_COUNCIL

EXPORT = next(c for c in change_commands if c.name == "export")


def _cli_export(root, pathway, out, council) -> bytes:
    args = [pathway, "-o", str(out), "--council", council, "--library", str(root)]
    result = CliRunner().invoke(EXPORT, args)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_the_pathway_page_exports_the_same_bytes_as_the_command_line(
    synced, client, sign_in, library_root, tmp_path
):
    sign_in("dee")
    page = client.get("/designer/pathways/early_help").get_data(as_text=True)
    assert "Export a bundle" in page
    assert 'href="/designer/pathways/early_help/export.zip"' in page
    response = client.get("/designer/pathways/early_help/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "early_help-bundle.zip" in response.headers["Content-Disposition"]
    council = synced.config.get("COUNCIL_NAME") or DEFAULT_COUNCIL
    cli = _cli_export(library_root, "early_help", tmp_path / "cli.zip", council)
    assert response.data == cli
    with zipfile.ZipFile(tmp_path / "cli.zip") as zf:
        assert "pathways/early_help.yaml" in zf.namelist()


def test_a_pathway_that_does_not_exist_is_not_found(synced, client, sign_in):
    sign_in("dee")
    assert client.get("/designer/pathways/no_such_pathway/export.zip").status_code == 404


def test_a_practitioner_cannot_export(synced, client, sign_in):
    sign_in("pat")
    assert client.get("/designer/pathways/early_help/export.zip").status_code in (302, 403)
