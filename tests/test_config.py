from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import bindung
from bindung import config
from bindung.errors import WorkspaceError


def test_init_writes_the_documented_defaults(tmp_path: Path) -> None:
    bindung.init(tmp_path).close()
    data = tomllib.loads((tmp_path / "bindung.toml").read_text(encoding="utf-8"))
    assert data == {
        "store": "duckdb:///bindung.duckdb",
        "currency": "EUR",
        "timezone": "Europe/Berlin",
        "locale": "de_DE",
        "activity_window_days": 365,
        "loyalty_threshold": 3,
        "activity_basis": "both",
        "margin": 1.0,
        "min_customers": 30,
    }
    assert (tmp_path / "bindung.duckdb").exists()


def test_every_setting_has_help_and_a_default_matching_settings() -> None:
    defaults = config.Settings()
    for s in config.SETTINGS:
        assert s.help
        assert getattr(defaults, s.name) == s.default


def test_an_unknown_setting_is_an_error_naming_it(tmp_path: Path) -> None:
    bindung.init(tmp_path).close()
    path = tmp_path / "bindung.toml"
    path.write_text(path.read_text() + '\ncurrencey = "USD"\n')
    with pytest.raises(WorkspaceError, match=r"unknown setting\(s\) currencey"):
        bindung.open(tmp_path)


def test_an_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="timezone 'Europe/Berlim' is unknown"):
        bindung.init(tmp_path, timezone="Europe/Berlim")


def test_a_folder_without_settings_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="is not a Bindung workspace"):
        bindung.open(tmp_path)


def test_an_unknown_store_engine_is_explained(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match=r"unknown engine 'nosuch'.*docs/backends\.md"):
        bindung.init(tmp_path, store="nosuch://somewhere")
