"""Check that the machine has the system packages a make target needs, before it starts.

`python3 scripts/check_system.py run|test-fast|test`: exit 0 when all are there; else
name what is missing, why, and the exact apt-get line (Debian and Ubuntu package names),
and exit 1. With `--missing`, print only the missing packages' names (for .ci/run).
Standard library only: it runs before the virtual environment exists.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import sys
from pathlib import Path

FONTS = Path("/usr/share/fonts")


def _command(name: str):
    return lambda: shutil.which(name) is not None


def _library(name: str):
    return lambda: ctypes.util.find_library(name) is not None


def _font(file_name: str):
    return lambda: any(FONTS.rglob(file_name)) if FONTS.is_dir() else False


def _chromium() -> bool:
    return Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists()


# (Debian package, what it is for, check, the targets that need it)
NEEDS = [
    ("libpango-1.0-0", "WeasyPrint draws PDFs with Pango", _library("pango-1.0"), {"all"}),
    ("libpangoft2-1.0-0", "WeasyPrint's fonts", _library("pangoft2-1.0"), {"all"}),
    ("libharfbuzz-subset0", "WeasyPrint embeds fonts", _library("harfbuzz-subset"), {"all"}),
    ("fonts-dejavu-core", "the documents' fallback font", _font("DejaVuSans.ttf"), {"all"}),
    (
        "fonts-liberation",
        "the documents' font (metric-compatible with Arial)",
        _font("LiberationSans-Regular.ttf"),
        {"all"},
    ),
    ("poppler-utils", "the tests read PDFs with pdftotext", _command("pdftotext"), {"test"}),
    ("chromium", "the browser tests drive Chromium", _chromium, {"browser"}),
]

TARGETS = {"run": {"all"}, "test-fast": {"all", "test"}, "test": {"all", "test", "browser"}}


def missing_for(target: str) -> list[tuple[str, str]]:
    wanted = TARGETS[target]
    return [
        (package, why)
        for package, why, present, needed in NEEDS
        if needed & wanted and not present()
    ]


def main(argv: list[str]) -> int:
    names_only = "--missing" in argv
    argv = [arg for arg in argv if arg != "--missing"]
    if len(argv) != 1 or argv[0] not in TARGETS:
        print(f"usage: check_system.py {'|'.join(TARGETS)} [--missing]", file=sys.stderr)
        return 2
    target = argv[0]
    missing = missing_for(target)
    if names_only:  # for .ci/run, which installs them
        print(" ".join(package for package, _ in missing))
        return 0
    if not missing:
        return 0
    print(f"`make {target}` needs system packages this machine does not have:", file=sys.stderr)
    for package, why in missing:
        print(f"  {package:<22} {why}", file=sys.stderr)
    sudo = "" if os.geteuid() == 0 else "sudo "
    packages = " ".join(package for package, _ in missing)
    print(
        f"Install them (Debian or Ubuntu) with:\n\n"
        f"  {sudo}apt-get update && {sudo}apt-get install -y {packages}\n\n"
        f"then run `make {target}` again. On another system, install the same programs and "
        f"libraries from its own packages.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
