"""Screenshots of every dashboard page for the docs and the README: ``make screenshots``.

Builds the demo business in a temporary folder (or uses ``--workspace``), computes its
answers, starts ``bindung serve`` on a free port and photographs every page at 1400 px in
German and English with Debian's chromium (Playwright; never ``playwright install``).  The
top of each page (what a reader sees first) goes to ``docs/screenshots/{page}-{lang}.png``.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from bindung import demo
from bindung.answers.refresh import refresh
from bindung.report.pages import PAGES

OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def shoot(folder: Path, out: Path) -> list[Path]:
    port = free_port()
    bindung = Path(sys.executable).with_name("bindung")
    server = subprocess.Popen(
        [str(bindung), "serve", "-w", str(folder), "--port", str(port), "--refresh-every", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    written = []
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/favicon.ico", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for lang in ("de", "en"):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.set_default_timeout(120_000)
                for key in PAGES:
                    page.goto(f"{base}/{key}?lang={lang}", wait_until="load")
                    page.wait_for_timeout(600)  # plotly draws after load
                    path = out / f"{key}-{lang}.png"
                    page.screenshot(path=str(path), full_page=False)
                    written.append(path)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="a workspace with stored answers")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if shutil.which(CHROMIUM) is None:
        sys.exit(f"{CHROMIUM} missing: apt-get install chromium (make test installs it)")
    if args.workspace is not None:
        written = shoot(args.workspace, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "demo"
            ws, _ = demo.build(folder)
            ws.close()
            refresh(folder)
            written = shoot(folder, args.out)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
