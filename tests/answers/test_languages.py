"""An answer stored once for both languages must not depend on the language it was computed
in; answers whose rows carry words are stored per language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import bindung
import bindung.demo
from bindung.answers.registry import Spec, all_specs
from bindung.errors import BindungError
from bindung.report.tables import document

SHARED = [s for s in all_specs() if not s.per_language]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lang") / "demo"
    ws, _ = bindung.demo.build(folder, customers=600)
    ws.close()
    return folder


def _doc(spec: Spec, folder: Path, lang: str) -> object:
    ws = bindung.open(folder, read_only=True)
    ws.settings = replace(ws.settings, locale="de_DE" if lang == "de" else "en_GB")
    try:
        params = spec.variants(ws)[0] if spec.variants(ws) else {}
        doc = document(spec.build(ws, **params))
    except BindungError as exc:
        return ("unavailable", type(exc).__name__)
    finally:
        ws.close()
    for stamp in ("generated_at", "fitted_at"):  # when it was computed, not what
        doc["meta"].pop(stamp, None)
    return {k: v for k, v in doc.items() if k not in ("findings",)}


def _same(a: object, b: object, where: str = "") -> None:
    """Equal documents; floats up to summation order (DuckDB adds in parallel)."""
    if isinstance(a, float) and isinstance(b, float):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-12, nan_ok=True), where
    elif isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


@pytest.mark.slow
@pytest.mark.parametrize("spec", SHARED, ids=[s.key for s in SHARED])
def test_a_shared_answer_is_the_same_in_german_and_english(spec: Spec, small: Path) -> None:
    _same(_doc(spec, small, "de"), _doc(spec, small, "en"))
