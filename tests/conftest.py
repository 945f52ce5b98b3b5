"""Shared fixtures: the third-party corpus beside the checkout, skipped when absent."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GAZZETTA_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """Return ../shared (or $GAZZETTA_SHARED); skip the test when it is not there."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"third-party corpus not found at {SHARED} (set GAZZETTA_SHARED)")
    return SHARED
