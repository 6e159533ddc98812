"""The file field type: an upload whose answer ``{file_id, name, bytes}`` the casework
layer fills in (this package renders the input and checks ``accept``/``max_mb``)."""

from __future__ import annotations

from . import widgets as w
from .names import join_words, label_of, number_text, subject
from .registry import FieldType, one_error, register


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@register
class File(FieldType):
    """An upload; the answer ``{file_id, name, bytes}`` is filled by the casework layer."""

    type = "file"
    multipart = True
    verb = "select"

    def read(self, f, fd, path, ctx, existing):
        if fd.get(f"{path.name}-remove"):
            return None
        return existing

    def required_message(self, f) -> str:
        return f"Select a file for ‘{label_of(f)}’"

    def problems(self, f, answer, path, cx, data):
        if not isinstance(answer, dict) or not answer.get("file_id"):
            return one_error(path, f"{subject(f)} must be an uploaded file")
        return (
            {path.name: msgs}
            if (msgs := file_problems(f, answer.get("name"), answer.get("bytes")))
            else {}
        )

    def widgets(self, f, answer, path, ctx, data):
        out = []
        if isinstance(answer, dict) and answer.get("name"):
            out.append(
                w.Widget(
                    "current_file",
                    {
                        "name": f"{path.name}-remove",
                        "id": f"{path.name}-remove",
                        "file": str(answer.get("name")),
                        "size": file_size(answer.get("bytes")),
                    },
                )
            )
        accept = [a.lstrip(".").lower() for a in f.accept]
        limits = []
        if accept:
            limits.append(join_words([a.upper() for a in accept], "or"))
        limits.append(f"up to {number_text(f.max_mb or 10)}MB")
        hint_text = " ".join(x for x in (f.hint, " ".join(limits).capitalize() + ".") if x)
        attrs = {"accept": ",".join("." + a for a in accept)} if accept else {}
        out.append(
            w.Widget(
                "govukFileUpload",
                {
                    "id": path.name,
                    "name": path.name,
                    "label": w.label(f),
                    "hint": {"text": hint_text},
                    "errorMessage": w.error(w.errors_at(ctx.errors, path)),
                    "attributes": attrs,
                },
            )
        )
        return out

    def display(self, f, answer, people):
        if isinstance(answer, dict) and answer.get("name"):
            return f"{answer['name']} ({file_size(answer.get('bytes'))})"
        return ""


def file_problems(f, name: object, size: object) -> list[str]:
    """Check an upload's metadata against ``accept`` and ``max_mb`` (GOV.UK wording)."""
    accept = [a.lstrip(".").lower() for a in f.accept]
    problems = []
    extension = str(name or "").rsplit(".", 1)[-1].lower() if "." in str(name or "") else ""
    if accept and extension not in accept:
        problems.append(
            f"The selected file must be a {join_words([a.upper() for a in accept], 'or')}"
        )
    limit = (f.max_mb or 10) * 1024 * 1024
    if not _is_number(size) or size < 0:
        problems.append("The selected file could not be read")
    elif size > limit:
        problems.append(f"The selected file must be smaller than {number_text(f.max_mb or 10)}MB")
    elif size == 0:
        problems.append("The selected file is empty")
    return problems


def file_size(size: object) -> str:
    if not _is_number(size):
        return "size unknown"
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}MB"
    return f"{max(1, round(size / 1024))}KB"
