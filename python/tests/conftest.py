"""Paths shared by the tests: the repository root, the shared data beside it, the CLI binary."""

import os
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def khabar_bin():
    """The khabar CLI to compare with: $KHABAR_BIN, else target/{release,debug}/khabar, else PATH."""
    cands = [os.environ.get("KHABAR_BIN")]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cands += [str(target / "release" / "khabar"), str(target / "debug" / "khabar")]
    cands.append(shutil.which("khabar"))
    for c in cands:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    if os.environ.get("KHABAR_REQUIRE_CLI"):
        pytest.fail("KHABAR_REQUIRE_CLI is set but no khabar binary was found")
    pytest.skip("no khabar binary (build it with cargo build, or set KHABAR_BIN)")
