"""The house rules that no linter checks: few type escapes, fixtures only in conftest files."""

from __future__ import annotations

import re
from pathlib import Path

AKAR = Path(__file__).resolve().parents[2]


def test_the_package_keeps_fewer_than_five_type_ignores_each_with_its_error_code():
    abaian = [
        (berkas.relative_to(AKAR), baris)
        for berkas in (AKAR / "dashboard").rglob("*.py")
        for baris in berkas.read_text(encoding="utf-8").splitlines()
        if "type: ignore" in baris
    ]
    assert len(abaian) < 5, abaian
    assert all(re.search(r"type: ignore\[[a-z-]+\]", b) for _, b in abaian), abaian


def test_no_test_imports_a_conftest_module():
    impor = re.compile(r"^\s*(from|import)\s+\S*conftest\b", re.M)
    salah = [
        str(berkas.relative_to(AKAR))
        for berkas in (AKAR / "tests").rglob("*.py")
        if impor.search(berkas.read_text(encoding="utf-8"))
    ]
    assert salah == []
