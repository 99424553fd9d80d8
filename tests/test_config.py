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
        "business_hours": "",
        "csat_satisfied_from": 4,
        "alert_smcss_below": 7.5,
        "alert_smer_b_weak": 1.0,
        "alert_smer_b_strong": 3.5,
        "alert_smai_typical": 0.3,
        "alert_smai_excellent": 0.5,
        "alert_reply_minutes": 60,
        "alert_nps_drop_points": 5.0,
        "ltv_cac_min": 3.0,
        "payback_months_max": 12,
        "contacts_enabled": False,
        "alert_rules": [],
        "alert_negative_mentions_level": 0.99,
        "themes_discovered": 3,
    }
    assert (tmp_path / "bindung.duckdb").exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("alert_smer_b_weak = 5.0", "alert_smer_b_weak (5.0) must not exceed alert_smer_b_strong"),
        ("alert_smai_excellent = 0.1", "alert_smai_typical (0.3) must not exceed"),
        ("alert_smcss_below = -1", "alert_smcss_below must be a number >= 0"),
        ("alert_reply_minutes = 0", "alert_reply_minutes must be a whole number >= 1"),
        ("payback_months_max = 0", "payback_months_max must be a whole number >= 1"),
        ("ltv_cac_min = -2", "ltv_cac_min must be a number >= 0"),
        ("csat_satisfied_from = 6", "csat_satisfied_from must be a whole number 1-5"),
        ('business_hours = "Mo-Fr 8-18"', "business_hours 'Mo-Fr 8-18'"),
        ("alert_negative_mentions_level = 1.5", "alert_negative_mentions_level must lie in"),
        ("themes_discovered = -1", "themes_discovered must be a whole number 0-20"),
        ('themes = {delivery = "liefer*"}', "themes.delivery: expected a list of words"),
    ],
)
def test_bad_alert_and_care_settings_name_the_setting(
    tmp_path: Path, line: str, message: str
) -> None:
    bindung.init(tmp_path).close()
    path = tmp_path / "bindung.toml"
    key = line.split(" =")[0]
    kept = [ln for ln in path.read_text().splitlines() if not ln.startswith(key + " ")]
    path.write_text("\n".join([*kept, line]) + "\n")
    with pytest.raises(WorkspaceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        bindung.open(tmp_path)


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
