"""change_log/ is a complete history: every published version rebuilds from it alone."""

from __future__ import annotations

import pytest

from designer.changes.change_log import Library, publish
from designer.changes.changeset import ChangeSetError
from designer.changes.source import DefinitionError, read_yaml, sha256_of


def _edit(path, change):
    doc = read_yaml(path.read_bytes())
    change(doc)
    from renderer.definitions.serialise import dump_definition

    path.write_text(dump_definition(doc), encoding="utf-8")


def test_every_version_rebuilds_from_the_change_log_alone(tmp_path, shipped_form):
    library = Library(tmp_path)
    path = shipped_form(tmp_path)
    published = {}

    [v1] = publish(library, [path], rationale="First version", author="Ann", council="North")
    assert v1.version == 1 and v1.changeset["base"] == {"version": 0, "sha256": None}
    published[1] = sha256_of(read_yaml(path.read_bytes()))

    def relabel_and_add(doc):
        first = doc["sections"][0]
        first["fields"][0]["label"] = "The child's full name"
        first["fields"].insert(1, {"id": "known_as", "type": "text", "label": "Known as"})

    _edit(path, relabel_and_add)
    [v2] = publish(library, [path], rationale="Ask what the child likes to be called", author="Ann")
    assert v2.version == 2
    published[2] = sha256_of(read_yaml(path.read_bytes()))

    def move_and_remove(doc):
        first, second = doc["sections"][0], doc["sections"][1]
        second["fields"].append(first["fields"].pop(1))
        first["title"] = "The child"

    _edit(path, move_and_remove)
    [v3] = publish(library, [path], rationale="Group the questions", author="Bo")
    published[3] = sha256_of(read_yaml(path.read_bytes()))
    assert v3.version == 3

    [same_again] = publish(library, [path], rationale="Nothing new", author="Bo")
    assert same_again.version is None

    files = sorted(p.name for p in (tmp_path / "change_log" / "strategy_discussion").iterdir())
    assert files == [
        "0001-first-version.yaml",
        "0002-ask-what-the-child-likes-to.yaml",
        "0003-group-the-questions.yaml",
    ]
    (tmp_path / "form_library" / "strategy_discussion.yaml").unlink()  # the log alone
    for version, digest in published.items():
        rebuilt = library.rebuild("strategy_discussion", "form", version)
        assert rebuilt["version"] == version
        assert sha256_of(rebuilt) == digest
    assert [v for v, _ in library.history("strategy_discussion")] == [1, 2, 3]


def test_a_changed_log_entry_is_refused_on_rebuild(tmp_path, shipped_form):
    library = Library(tmp_path)
    path = shipped_form(tmp_path)
    publish(library, [path], rationale="First version", author="Ann")
    _edit(path, lambda doc: doc.update(title="Strategy discussion (revised)"))
    publish(library, [path], rationale="Retitle", author="Ann")
    log = tmp_path / "change_log" / "strategy_discussion" / "0002-retitle.yaml"
    log.write_text(log.read_text().replace("(revised)", "(tampered)"), encoding="utf-8")
    with pytest.raises(ChangeSetError, match="does not give the version it records"):
        library.rebuild("strategy_discussion", "form", 2)


def test_publish_refuses_an_invalid_definition_and_writes_nothing(tmp_path, shipped_form):
    library = Library(tmp_path)
    path = shipped_form(tmp_path)
    _edit(path, lambda doc: doc.update(sections=[]))
    with pytest.raises(DefinitionError, match="sections"):
        publish(library, [path], rationale="Broken", author="Ann")
    assert not (tmp_path / "change_log").exists()
