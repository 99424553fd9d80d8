"""Digests: a short summary of the stored answers (the key figures of the last complete period,
what changed most, goals, alerts, the most valuable customers at risk and where the next euro
goes) as an e-mail and as a Slack, Microsoft Teams or Mattermost message.

>>> digest = compose(Path("shop"), period="month", lang="de")            # doctest: +SKIP
>>> print(render.text(digest))                                           # doctest: +SKIP
>>> results = send.deliver(Path("shop"), digest, settings)               # doctest: +SKIP

Modules: :mod:`~bindung.digest.compose` (the digest, from stored answers only),
:mod:`~bindung.digest.render` (plain text, HTML and the webhook messages) and
:mod:`~bindung.digest.send` (SMTP and webhooks, retried and logged).  Where it is sent is the
``[digest]`` table of ``bindung.toml`` (:mod:`bindung.digest_settings`).
"""

from bindung.digest.compose import Digest, compose

__all__ = ["Digest", "compose"]
