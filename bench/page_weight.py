"""What the biggest recording screen weighs, against what a form-renderer library weighs.

    python bench/page_weight.py [--npm-dir /tmp/bench-npm] [--formio VERSION]
                                [--survey-js-ui VERSION]

Convivial: the service runs (gunicorn, SQLite, demo data); the script opens the child and
family assessment's biggest section (the one whose empty page has the most bytes) and
takes the HTML plus every stylesheet and script the page loads: the <link rel=stylesheet>
and <script src> tags, and the ES modules those scripts import. Each is fetched from the
service, so a missing file shows up as missing rather than as zero.

The alternatives: the JavaScript a council would load to render forms in the browser,
fetched with `npm pack` into --npm-dir (outside the repository; never committed) -
Form.io's dist/formio.form.min.js (npm formiojs) and SurveyJS's survey.core.min.js plus
survey-js-ui.min.js (npm survey-core, at the version survey-js-ui asks for, and
survey-js-ui). Their own stylesheets are listed too, but the comparison is their JS alone
against Convivial's HTML + CSS + JS.

Sizes are gzip level 6 (what a typical server or CDN sends), and raw.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import recording_client as rc  # noqa: E402
from bench.service import running_service  # noqa: E402
from casework.demo import DEMO_PASSWORD  # noqa: E402

IMPORT = re.compile(
    r"""(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bimport\s*\()\s*["']([^"']+)["']"""
)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


class Assets(HTMLParser):
    """Stylesheets and scripts a page loads, in order: (kind, url)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.found.append(("css", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("module" if a.get("type") == "module" else "js", a["src"]))


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 - our own service
            return response.read()
    except urllib.error.HTTPError:
        return None


def page_assets(base: str, page_url: str, html: str) -> list[tuple[str, str, bytes | None]]:
    """(kind, path, body or None if missing) for everything the page loads, modules
    followed through their static and dynamic imports."""
    parser = Assets()
    parser.feed(html)
    queue = [(kind, urljoin(page_url, src)) for kind, src in parser.found]
    seen, out = set(), []
    while queue:
        kind, url = queue.pop(0)
        if url in seen or urlsplit(url).netloc != urlsplit(base).netloc:
            continue
        seen.add(url)
        body = fetch(url)
        out.append((kind, urlsplit(url).path, body))
        if kind == "module" and body:
            for target in IMPORT.findall(body.decode(errors="replace")):
                if target.startswith(("/", "./", "../")):
                    queue.append(("module", urljoin(url, target)))
    return out


def npm_pack(spec: str, directory: Path) -> tarfile.TarFile:
    out = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(directory), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=directory,
    ).stdout
    filename = json.loads(out[out.index("[") :])[0]["filename"]
    return tarfile.open(directory / filename)


def member(tar: tarfile.TarFile, name: str) -> bytes:
    return tar.extractfile(f"package/{name}").read()


def alternatives(directory: Path, formio: str, survey_ui: str) -> list[tuple]:
    """(library, version, {JS file: bytes}, {CSS file: bytes}) for each alternative."""
    directory.mkdir(parents=True, exist_ok=True)
    formio_tar = npm_pack(f"formiojs@{formio}", directory)
    ui_tar = npm_pack(f"survey-js-ui@{survey_ui}", directory)
    ui_package = json.loads(member(ui_tar, "package.json"))
    core_version = ui_package["peerDependencies"]["survey-core"]
    core_tar = npm_pack(f"survey-core@{core_version}", directory)
    formio_version = json.loads(member(formio_tar, "package.json"))["version"]
    return [
        (
            "Form.io (formiojs)",
            formio_version,
            {"dist/formio.form.min.js": member(formio_tar, "dist/formio.form.min.js")},
            {"dist/formio.form.min.css": member(formio_tar, "dist/formio.form.min.css")},
        ),
        (
            "SurveyJS (survey-core + survey-js-ui)",
            f"{core_version} + {ui_package['version']}",
            {
                "survey-core/survey.core.min.js": member(core_tar, "survey.core.min.js"),
                "survey-js-ui/survey-js-ui.min.js": member(ui_tar, "survey-js-ui.min.js"),
            },
            {"survey-core/survey-core.min.css": member(core_tar, "survey-core.min.css")},
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--npm-dir", type=Path, default=Path("/tmp/bench-npm"))
    parser.add_argument("--formio", default="latest", help="formiojs version (default latest)")
    parser.add_argument("--survey-js-ui", default="latest", help="survey-js-ui version")
    args = parser.parse_args()
    if Path(args.npm_dir).resolve().is_relative_to(rc.ROOT):
        parser.error("--npm-dir must be outside the repository")

    with running_service(None) as (base, url):
        fixtures = rc.prepare(url, cases=2)
        browser = rc.Browser(base).sign_in("pat", DEMO_PASSWORD)
        empty, filled = (browser.start_record(*stage) for stage in fixtures["stages"])
        section, _ = rc.biggest_section(browser, empty)
        rc.fill(url, [filled])
        pages = {
            kind: f"/records/{record}/sections/{section}"
            for kind, record in (("no answers", empty), ("realistic answers", filled))
        }
        html = {kind: browser.get(page).encode() for kind, page in pages.items()}
        assets = page_assets(base, base + pages["no answers"], html["no answers"].decode())

    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; gzip level 6; KB = 1024 bytes")
    print(f"\nConvivial: child and family assessment, section '{section}'\n")
    print("| what | raw KB | gzip KB |")
    print("|---|---:|---:|")
    for kind, body in html.items():
        print(f"| HTML, {kind} | {kb(len(body))} | {kb(gz(body))} |")
    missing = []
    for kind, path, body in assets:
        if body is None:
            missing.append(path)
            print(f"| {kind} {path} | missing (404) | - |")
        else:
            print(f"| {kind} {path} | {kb(len(body))} | {kb(gz(body))} |")
    asset_gz = sum(gz(b) for _, _, b in assets if b)
    css_gz = sum(gz(b) for k, _, b in assets if b and k == "css")
    js_gz = asset_gz - css_gz
    total = {kind: gz(body) + asset_gz for kind, body in html.items()}
    for kind, size in total.items():
        print(f"| **total, HTML ({kind}) + CSS + JS** | | **{kb(size)}** |")

    print("\nForm renderers (JavaScript only, then their own stylesheets)\n")
    print(
        "| library | version | JS gzip KB | CSS gzip KB | JS ÷ Convivial total "
        "| JS ÷ Convivial JS |"
    )
    print("|---|---|---:|---:|---:|---:|")
    for name, version, js, css in alternatives(args.npm_dir, args.formio, args.survey_js_ui):
        their_js = sum(gz(b) for b in js.values())
        their_css = sum(gz(b) for b in css.values())
        print(
            f"| {name}: {', '.join(js)} | {version} | {kb(their_js)} | {kb(their_css)} "
            f"| {their_js / total['realistic answers']:.1f}x "
            f"| {their_js / js_gz:.1f}x |"
        )
    print(
        f"\nConvivial total with realistic answers: {kb(total['realistic answers'])} KB gzip "
        f"(CSS {kb(css_gz)}, JS {kb(js_gz)})."
    )
    if missing:
        print(f"Not counted, because the page links them but the service answers 404: {missing}")


if __name__ == "__main__":
    main()
