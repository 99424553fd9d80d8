"""Where the digests go: the ``[digest]`` table of ``bindung.toml``, read and checked.

>>> settings = digest_settings({"email_to": ["chefin@example.de"], ...})   # doctest: +SKIP

Secrets never stand in ``bindung.toml`` (it is a plain file in the workspace, shown by
``bindung settings``): the SMTP password and the webhook URLs (whose path is their secret) are
read from an environment variable or from a file outside the workspace, named in the table::

    [digest]
    email_to = ["chefin@example.de"]
    email_from = "bindung@example.de"
    smtp_host = "smtp.example.de"
    smtp_port = 587                      # default 587
    smtp_security = "starttls"           # "starttls" (default), "ssl" or "none"
    smtp_user = "bindung@example.de"     # none: no login
    smtp_password_env = "BINDUNG_SMTP_PASSWORD"        # or smtp_password_file = "/etc/..."
    webhooks = [{kind = "slack", url_env = "BINDUNG_SLACK_WEBHOOK"}]  # slack, teams, mattermost
    attach_report = true                 # the HTML report as an attachment (default true)
    dashboard_url = "https://bindung.example.de/"     # a link in every digest (optional)
    at_risk = 5                          # customers at risk listed (default 5)
    send_month = "0 8 1 * *"             # bindung serve sends the month's digest (crontab(5),
    send_week = "0 8 * * 1"              # the workspace's time zone; bindung.digest.schedule)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bindung.errors import WorkspaceError

SECURITY = ("starttls", "ssl", "none")
WEBHOOK_KINDS = ("slack", "teams", "mattermost")
KEYS = (
    "email_to",
    "email_from",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "smtp_password_env",
    "smtp_password_file",
    "webhooks",
    "attach_report",
    "dashboard_url",
    "at_risk",
    "send_month",
    "send_week",
)
#: Keys that would put a secret into bindung.toml, and what to write instead.
SECRET_KEYS = {
    "smtp_password": "smtp_password_env or smtp_password_file",
    "password": "smtp_password_env or smtp_password_file",
}


@dataclass(frozen=True)
class Secret:
    """Where a secret is read from: an environment variable or a file (never its value)."""

    env: str | None = None
    file: str | None = None

    def describe(self) -> str:
        """Where it comes from, for messages (never the value)."""
        return f"environment variable {self.env}" if self.env else f"file {self.file}"

    def read(self, workspace: Path) -> str:
        """The secret's value; :class:`WorkspaceError` when it is not set, or when the file lies
        inside the workspace (which is shared and backed up with the data)."""
        if self.env:
            value = os.environ.get(self.env, "")
            if not value:
                raise WorkspaceError(f"the environment variable {self.env} is not set")
            return value.strip()
        assert self.file is not None
        path = Path(self.file).expanduser().resolve()
        if path.is_relative_to(workspace.resolve()):
            raise WorkspaceError(
                f"{self.file}: a secret must not lie inside the workspace {workspace}"
            )
        if not path.is_file():
            raise WorkspaceError(f"{self.file}: no such file (the secret's file)")
        return path.read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class Webhook:
    kind: str
    url: Secret


@dataclass(frozen=True)
class DigestSettings:
    email_to: tuple[str, ...] = ()
    email_from: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_password: Secret | None = None
    webhooks: tuple[Webhook, ...] = field(default_factory=tuple)
    attach_report: bool = True
    dashboard_url: str = ""
    at_risk: int = 5

    @property
    def channels(self) -> list[str]:
        """The channels a ``--send`` reaches, by name."""
        out = ["e-mail"] if self.email_to else []
        return out + [w.kind for w in self.webhooks]


def _text(source: str, name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WorkspaceError(f"{source}: digest.{name} must be text, got {value!r}")
    return value.strip()


def _secret(source: str, where: str, env: Any, file: Any) -> Secret:
    if (env is None) == (file is None):
        raise WorkspaceError(
            f"{source}: {where}: give exactly one of an environment variable (…_env) or a "
            "file outside the workspace (…_file)"
        )
    if env is not None:
        return Secret(env=_text(source, where, env))
    return Secret(file=_text(source, where, file))


def digest_settings(table: dict[str, Any], source: str = "bindung.toml") -> DigestSettings:
    """The ``[digest]`` table checked (module docstring); :class:`WorkspaceError` names the
    key and what was expected."""
    if not isinstance(table, dict):
        raise WorkspaceError(f"{source}: digest must be a table ([digest]), got {table!r}")
    for key, instead in SECRET_KEYS.items():
        if key in table:
            raise WorkspaceError(
                f"{source}: digest.{key}: no secrets in bindung.toml; use {instead}"
            )
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise WorkspaceError(
            f"{source}: unknown digest setting(s) {', '.join(unknown)}; expected: {', '.join(KEYS)}"
        )
    to = table.get("email_to", [])
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not all(isinstance(a, str) and "@" in a for a in to):
        raise WorkspaceError(
            f"{source}: digest.email_to must be a list of e-mail addresses, got {to!r}"
        )
    port = table.get("smtp_port", 587)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise WorkspaceError(f"{source}: digest.smtp_port must be a port number, got {port!r}")
    security = table.get("smtp_security", "starttls")
    if security not in SECURITY:
        raise WorkspaceError(
            f"{source}: digest.smtp_security {security!r}: expected {', '.join(SECURITY)}"
        )
    at_risk = table.get("at_risk", 5)
    if isinstance(at_risk, bool) or not isinstance(at_risk, int) or not 0 <= at_risk <= 100:
        raise WorkspaceError(f"{source}: digest.at_risk must be 0 to 100, got {at_risk!r}")
    attach = table.get("attach_report", True)
    if not isinstance(attach, bool):
        raise WorkspaceError(f"{source}: digest.attach_report must be true or false")
    hooks = table.get("webhooks", [])
    if not isinstance(hooks, list):
        raise WorkspaceError(f"{source}: digest.webhooks must be a list of tables")
    webhooks = []
    for i, hook in enumerate(hooks):
        where = f"digest.webhooks[{i}]"
        if not isinstance(hook, dict) or hook.get("kind") not in WEBHOOK_KINDS:
            raise WorkspaceError(
                f"{source}: {where}: expected {{kind = one of {', '.join(WEBHOOK_KINDS)}, "
                f"url_env = NAME or url_file = PATH}}, got {hook!r}"
            )
        if "url" in hook:
            raise WorkspaceError(
                f"{source}: {where}.url: no secrets in bindung.toml (a webhook's URL is its "
                "key); use url_env or url_file"
            )
        extra = sorted(set(hook) - {"kind", "url_env", "url_file"})
        if extra:
            raise WorkspaceError(f"{source}: {where}: unknown key(s) {', '.join(extra)}")
        secret = _secret(source, where, hook.get("url_env"), hook.get("url_file"))
        webhooks.append(Webhook(hook["kind"], secret))
    email = {k: table[k] for k in ("email_from", "smtp_host") if k in table}
    password = None
    if "smtp_password_env" in table or "smtp_password_file" in table:
        password = _secret(
            source,
            "digest.smtp_password",
            table.get("smtp_password_env"),
            table.get("smtp_password_file"),
        )
    if to:
        for name in ("email_from", "smtp_host"):
            if name not in email:
                raise WorkspaceError(f"{source}: digest.{name} is needed to send e-mail")
            email[name] = _text(source, name, email[name])
    user = table.get("smtp_user", "")
    if user and password is None:
        raise WorkspaceError(
            f"{source}: digest.smtp_user without a password: set smtp_password_env or "
            "smtp_password_file"
        )
    for name in ("send_month", "send_week"):
        if name in table:
            from bindung.cron import CronError, trigger

            try:
                trigger(_text(source, name, table[name]), "UTC")
            except CronError as exc:
                raise WorkspaceError(f"{source}: digest.{name}: {exc}") from None
    return DigestSettings(
        email_to=tuple(to),
        email_from=str(email.get("email_from", "")),
        smtp_host=str(email.get("smtp_host", "")),
        smtp_port=port,
        smtp_security=security,
        smtp_user=str(user),
        smtp_password=password,
        webhooks=tuple(webhooks),
        attach_report=attach,
        dashboard_url=str(table.get("dashboard_url", "")),
        at_risk=at_risk,
    )
