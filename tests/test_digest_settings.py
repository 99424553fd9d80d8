"""The [digest] table of bindung.toml: what it accepts, what it rejects and why, and that
secrets come only from the environment or a file outside the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

import bindung
from bindung.config import load
from bindung.digest_settings import Secret, digest_settings
from bindung.errors import WorkspaceError

MAIL = {
    "email_to": ["chefin@example.de", "cfo@example.de"],
    "email_from": "bindung@example.de",
    "smtp_host": "smtp.example.de",
}


def test_a_full_table() -> None:
    s = digest_settings(
        {
            **MAIL,
            "smtp_port": 465,
            "smtp_security": "ssl",
            "smtp_user": "bindung",
            "smtp_password_env": "SMTP_PW",
            "webhooks": [
                {"kind": "slack", "url_env": "SLACK_URL"},
                {"kind": "teams", "url_file": "/etc/bindung/teams"},
            ],
            "attach_report": False,
            "at_risk": 3,
        }
    )
    assert s.email_to == ("chefin@example.de", "cfo@example.de")
    assert (s.smtp_port, s.smtp_security, s.smtp_user) == (465, "ssl", "bindung")
    assert s.smtp_password == Secret(env="SMTP_PW")
    assert [(w.kind, w.url) for w in s.webhooks] == [
        ("slack", Secret(env="SLACK_URL")),
        ("teams", Secret(file="/etc/bindung/teams")),
    ]
    assert s.channels == ["e-mail", "slack", "teams"]
    assert (s.attach_report, s.at_risk) == (False, 3)
    assert digest_settings({}).channels == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({**MAIL, "smtp_password": "geheim"}, r"digest\.smtp_password: no secrets in bindung"),
        ({"webhooks": [{"kind": "slack", "url": "https://x"}]}, r"webhooks\[0\]\.url: no secrets"),
        ({"webhooks": [{"kind": "discord", "url_env": "X"}]}, r"webhooks\[0\]: expected"),
        ({"webhooks": [{"kind": "slack"}]}, "exactly one of an environment variable"),
        (
            {"webhooks": [{"kind": "slack", "url_env": "A", "url_file": "/b"}]},
            "exactly one of",
        ),
        ({"email_to": ["chefin@example.de"]}, r"digest\.email_from is needed"),
        ({"email_to": ["not an address"]}, "list of e-mail addresses"),
        ({**MAIL, "smtp_security": "tls"}, "expected starttls, ssl, none"),
        ({**MAIL, "smtp_port": 0}, "port number"),
        ({**MAIL, "smtp_user": "u"}, "smtp_user without a password"),
        ({**MAIL, "sender": "x"}, "unknown digest setting"),
        ({"at_risk": -1}, "at_risk must be 0 to 100"),
    ],
)
def test_wrong_tables_say_what_is_expected(table: dict[str, object], message: str) -> None:
    with pytest.raises(WorkspaceError, match=message):
        digest_settings(table, "bindung.toml")


def test_bindung_toml_is_checked_when_loaded(tmp_path: Path) -> None:
    bindung.init(tmp_path / "ws").close()
    path = tmp_path / "ws" / "bindung.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\n[digest]\nsmtp_password = "geheim"\n', encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"bindung\.toml: digest\.smtp_password"):
        load(tmp_path / "ws")
    path.write_text(
        text + '\n[digest]\nwebhooks = [{kind = "slack", url_env = "SLACK_URL"}]\n',
        encoding="utf-8",
    )
    assert load(tmp_path / "ws").digest["webhooks"][0]["kind"] == "slack"


def test_secrets_from_the_environment_or_a_file_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    monkeypatch.setenv("BINDUNG_TEST_SECRET", " s3cret\n")
    assert Secret(env="BINDUNG_TEST_SECRET").read(workspace) == "s3cret"
    monkeypatch.delenv("BINDUNG_TEST_SECRET")
    with pytest.raises(WorkspaceError, match="BINDUNG_TEST_SECRET is not set"):
        Secret(env="BINDUNG_TEST_SECRET").read(workspace)
    outside = tmp_path / "secret.txt"
    outside.write_text("https://hooks.example/abc\n", encoding="utf-8")
    assert Secret(file=str(outside)).read(workspace) == "https://hooks.example/abc"
    inside = workspace / "secret.txt"
    inside.write_text("x", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="must not lie inside the workspace"):
        Secret(file=str(inside)).read(workspace)
    with pytest.raises(WorkspaceError, match="no such file"):
        Secret(file=str(tmp_path / "nope")).read(workspace)
