"""Headless Chromium from Debian's package under Playwright (never a downloaded browser)."""

from __future__ import annotations

import shutil

from helpers.processes import require_programs

# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a closed
# network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    require_programs("chromium")
    return playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
