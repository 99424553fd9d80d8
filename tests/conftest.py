"""Shared fixtures: a fresh workspace per test, in English or German."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bindung
import bindung.demo
from bindung.workspace import Workspace


@pytest.fixture(scope="session")
def demo_full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo workspace (20,000 customers), built and refreshed (every answer stored)
    once per test session.

    Open it read-only (``bindung.open(folder, read_only=True)``); the generator's ground truth
    is ``folder / "exports" / "ground_truth.json"``.
    """
    from bindung.answers.refresh import refresh

    folder = tmp_path_factory.mktemp("demo_full") / "demo"
    ws, _ = bindung.demo.build(folder)
    ws.close()
    failed = [o for o in refresh(folder) if o.status == "failed"]
    assert not failed, failed
    return folder


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A new workspace with English messages (time zone Europe/Berlin, currency EUR)."""
    ws = bindung.init(tmp_path / "ws", locale="en_GB")
    yield ws
    ws.close()


@pytest.fixture
def workspace_de(tmp_path: Path) -> Iterator[Workspace]:
    """A new workspace with the default locale de_DE (German messages)."""
    ws = bindung.init(tmp_path / "ws_de")
    yield ws
    ws.close()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """``write("name.csv", text, encoding=..., newline=...)`` -> the path of a new file."""

    def _write(
        name: str, content: str | bytes, encoding: str = "utf-8", newline: str = "\n"
    ) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            content = content.replace("\n", newline).encode(encoding)
        path.write_bytes(content)
        return path

    return _write
