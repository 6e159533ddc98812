"""The import flow as the screens use it: each step checks, acts and writes its audit
entry here, so the routes stay thin and every step is on the record."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from casework import audit
from casework.library import service as live
from designer.changes import BundleRefused, Library, write_import
from designer.exchange import choices as importing
from designer.exchange import writing
from designer.exchange.uploads import Pending, PendingImports

RECORD_TYPE = "library_import"


class ImportRefused(ValueError):
    """The upload is not a bundle we accept; the message is the reason to show."""


def upload(store: PendingImports, user, filename: str, data: bytes, limit: int) -> Pending:
    """Check an uploaded bundle (every check of read_bundle) and keep it for the flow."""
    detail = {"filename": filename[:120], "bytes": len(data)}
    try:
        if len(data) > limit:
            raise BundleRefused(f"the bundle is {len(data)} bytes; the limit is {limit}")
        if not data:
            raise BundleRefused("the file is empty")
        bundle = importing.checked_bundle(data)
    except BundleRefused as exc:
        audit.record(
            "library_import_refused",
            record_type=RECORD_TYPE,
            detail={**detail, "reason": str(exc)[:500]},
        )
        raise ImportRefused(str(exc)) from exc
    pending = store.create(user.id, filename, data, bundle.council, bundle.manifest["pathway"])
    audit.record(
        "library_import_uploaded",
        record_type=RECORD_TYPE,
        record_id=pending.token,
        detail={
            **detail,
            "sha256": pending.sha256,
            "council": bundle.council,
            "pathway": pending.pathway,
        },
    )
    return pending


def bundle_of(store: PendingImports, pending: Pending):
    return importing.checked_bundle(store.bundle_bytes(pending))


def _previews(store: PendingImports, pending: Pending, library: Library, bundle):
    """The preview for the library as it is now: kept from an earlier step if nothing it
    depends on has changed since, otherwise planned again (seconds) and kept."""
    digest = importing.library_digest(library, bundle)
    kept = store.cached_preview(pending, digest)
    if kept is not None:
        return importing.previews_from_data(kept)
    previews = importing.preview(library, bundle)
    store.keep_preview(pending, digest, importing.previews_to_data(previews))
    return previews


def _current(store: PendingImports, pending: Pending, library: Library, bundle):
    """The preview, refusing if it is no longer the one the choices were made on."""
    previews = _previews(store, pending, library, bundle)
    if importing.fingerprint(previews) != pending.fingerprint:
        raise importing.ChoiceProblem(
            "The library has changed since you made your choices (someone published a "
            "version). Check the changes again."
        )
    return previews


def preview(store: PendingImports, pending: Pending, root: str | Path, *, record=True):
    """(previews, fingerprint) for the choose screen; audited as viewed."""
    previews = _previews(store, pending, Library(root), bundle_of(store, pending))
    if record:
        audit.record("library_import_previewed", record_type=RECORD_TYPE, record_id=pending.token)
    return previews, importing.fingerprint(previews)


def save_choices(store: PendingImports, pending: Pending, choices: dict, fingerprint: str):
    """Keep the choices; False if the import was published meanwhile (nothing kept)."""
    with store.publishing():  # never overwrite the record of a publish in progress
        current = store.get(pending.token, pending.user_id)
        if current is None or current.written is not None:
            return False
        current.choices, current.fingerprint = choices, fingerprint
        store.save(current)
    audit.record(
        "library_import_choices_saved",
        record_type=RECORD_TYPE,
        record_id=pending.token,
        detail={
            "taken": len(choices["take"]),
            "decisions": choices["decide"],
            "rationale": choices["rationale"][:500],
        },
    )
    return True


def confirmation(store: PendingImports, pending: Pending, root: str | Path):
    """(what publishing would write, previews) or ChoiceProblem if it no longer fits."""
    library, bundle = Library(root), bundle_of(store, pending)
    previews = _current(store, pending, library, bundle)
    plan, previews, _notes = importing.planned(library, bundle, pending.choices, previews)
    return writing.would_write(plan), previews


def publish(
    store: PendingImports,
    token: str,
    user,
    root: str | Path,
    council: str | None,
    *,
    review: dict | None = None,
):
    """Write the chosen changes as new versions and make them live, once.

    ``review`` is the approval it needs (import_review.publish gives it): the importer
    (``owner_id``, ``author``), the approvers (``reviewers``) and their ``views``; the
    person publishing is ``user``. Returns (pending, first_time). A repeated press
    returns first_time False.
    """
    review = review or {}
    with store.publishing():
        pending = store.get(token, review.get("owner_id", user.id))  # again, under the lock
        if pending is None:
            raise LookupError(token)
        if pending.published is not None:
            audit.record(
                "library_import_publish_repeated", record_type=RECORD_TYPE, record_id=token
            )
            return pending, False
        if pending.written is None:
            _write(store, pending, user, root, council, review)
        try:
            report = live.sync(root)
        except live.LibraryError as exc:
            audit.record(
                "library_import_sync_failed",
                record_type=RECORD_TYPE,
                record_id=token,
                detail={"reason": str(exc)[:500]},
            )
            raise
        pending.published = {
            "at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "live": report.published,
        }
        store.save(pending)
        audit.record(
            "library_import_published",
            record_type=RECORD_TYPE,
            record_id=token,
            detail={
                "written": pending.written,
                "live": report.published,
                "council": pending.council,
            },
        )
        return pending, True


def _write(store: PendingImports, pending: Pending, user, root, council, review: dict) -> None:
    library, bundle = Library(root), bundle_of(store, pending)
    previews = _current(store, pending, library, bundle)
    plan, previews, notes = importing.planned(library, bundle, pending.choices, previews)
    written = []
    author = review.get("author") or user.full_name
    for key, part in writing.per_definition(plan):
        note = writing.note_for(pending.choices, notes.get(key, []), author)
        written += write_import(
            library,
            part,
            author=author,
            council=council,
            note=note,
            reason=pending.choices["rationale"],
            reviewers=review.get("reviewers"),
            published_by=user.full_name,
            views=review.get("views"),
        )
    # Recorded before the sync: if the sync fails, pressing again only retries it.
    pending.written = [[doc_id, version] for doc_id, version in written]
    store.save(pending)


def cancel(store: PendingImports, pending: Pending) -> None:
    store.discard(pending)
    audit.record("library_import_cancelled", record_type=RECORD_TYPE, record_id=pending.token)
