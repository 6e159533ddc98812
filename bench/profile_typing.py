"""Where a keystroke's script goes on a recording page, at 4x CPU throttling.

    .venv/bin/python -m bench.profile_typing [--rounds 5] [conv_150] [conv_real]

Starts the service on a fresh SQLite database as `browser_peers.py` does (the
150-question form from the kit in ../shared/perf-anchor, and the largest real section
with realistic answers), then, for each page and round, in a fresh Chromium context:
clicks the field the peers harness types into, types 50 characters with the V8
sampling profiler on, waits a second (so the save that follows typing is counted, as
the harness counts it) and prints CDP `ScriptDuration` per key, the profile's time in
our bundles per key, and for the last round the 25 functions with the most self time.
The profiler adds its own overhead: compare rounds of this script with each other, and
take the per-key figure from `browser_peers.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import browser_peers as bp  # noqa: E402
from bench.service import running_service  # noqa: E402

TEXT = "The quick brown fox jumps over the lazy dog 0123456"[:50]


async def profile(url: str, state: str, selector: str, rounds: int) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium")
        for r in range(rounds):
            ctx = await browser.new_context(storage_state=state)
            page = await ctx.new_page()
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            await page.goto(url)
            await page.wait_for_timeout(1500)
            await page.locator(selector).click()
            await page.wait_for_timeout(500)
            await cdp.send("Performance.enable")
            await cdp.send("Profiler.enable")
            await cdp.send("Profiler.setSamplingInterval", {"interval": 100})
            before = (await cdp.send("Performance.getMetrics"))["metrics"]
            await cdp.send("Profiler.start")
            await page.keyboard.type(TEXT, delay=0)
            await page.wait_for_timeout(1000)
            prof = (await cdp.send("Profiler.stop"))["profile"]
            after = (await cdp.send("Performance.getMetrics"))["metrics"]
            script = next(m["value"] for m in after if m["name"] == "ScriptDuration") - next(
                m["value"] for m in before if m["name"] == "ScriptDuration"
            )
            nodes = {n["id"]: n["callFrame"] for n in prof["nodes"]}
            self_ms = collections.Counter()
            for sample, delta in zip(prof["samples"], prof["timeDeltas"], strict=True):
                frame = nodes[sample]
                name = frame["functionName"] or "(anonymous)"
                where = frame["url"].rsplit("/", 1)[-1]
                self_ms[f"{name} {where}:{frame['columnNumber']}"] += delta / 1000
            ours = sum(v for k, v in self_ms.items() if ".mjs:" in k or ".js:" in k)
            print(
                f"round {r}: script {script * 1000 / len(TEXT):.2f} ms/key "
                f"(CDP ScriptDuration); our bundles {ours / len(TEXT):.3f} ms/key (profile)"
            )
            if r == rounds - 1:
                for key, ms in self_ms.most_common(25):
                    print(f"  {ms:7.1f} ms  {key}")
            await ctx.close()
        await browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--anchor", default=str(ROOT.parent / "shared" / "perf-anchor"), help="the perf kit"
    )
    parser.add_argument("pages", nargs="*", default=["conv_150", "conv_real"])
    args = parser.parse_args()
    anchor = Path(args.anchor).resolve()
    with running_service(None) as (base, database_url):
        bp.publish_perf_form(anchor, database_url)
        pages = bp.convivial_pages(base, database_url)
        state = Path(database_url.split("///", 1)[-1]).parent / "typing-state.json"
        bp.storage_state(pages.pop("browser"), base, state)
        for name in args.pages:
            page = pages[name]
            selector = page.get("typing_sel") or "#" + page.get("typing", "q076")
            print(f"{name}: {selector}")
            asyncio.run(profile(page["url"], str(state), selector, args.rounds))


if __name__ == "__main__":
    main()
