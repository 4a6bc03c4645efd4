"""Pytest settings that must hold for the whole suite.

Fixtures and personas live in stegvis/conftest.py, not here.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = "Debian chromium missing: apt-get install chromium"
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1"}

# Database-backed properties are slow on a busy machine; a deadline would make them flaky.
settings.register_profile("dev", deadline=None)
# CI runs the same examples every time, so a red build can be reproduced.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci" if IN_CI else "dev")


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


def pytest_report_header(config: pytest.Config) -> str:
    state = "found" if chromium_available() else "missing"
    return f"browser: {CHROMIUM} {state}; CI: {IN_CI}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_available() or IN_CI:
        return
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # In CI a browser journey that cannot run is a failure, never a quiet skip.
    if IN_CI and item.get_closest_marker("e2e") and not chromium_available():
        pytest.fail(f"{CHROMIUM_MISSING} (CI requires the browser tests to run)", pytrace=False)
