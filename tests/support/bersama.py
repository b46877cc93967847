"""The folder shared by every checkout (../shared: geo, reference, seeds), never copied in."""

from __future__ import annotations

from pathlib import Path

# tests/support/bersama.py -> tests/support -> tests -> the checkout -> its parent
SHARED = Path(__file__).resolve().parents[3] / "shared"
