"""Mattermost signs neither button clicks nor dialog submissions: anyone who can reach
our URL could post one. So everything we hand out for a later request (a button's
`integration.context`, a dialog's `state`) carries an HMAC-SHA256 over its content,
with FLEXPOOL_SECRET as the key, and names the one person it was meant for."""

from __future__ import annotations

import hashlib
import hmac
import json

from handlers.chat import wire


class Signer:
    def __init__(self, secret: str):
        self._key = ("flexpool/mattermost:" + secret).encode()

    def _mac(self, data: dict) -> str:
        body = json.dumps({k: v for k, v in data.items() if k != "s"}, sort_keys=True,
                          separators=(",", ":"), ensure_ascii=True)
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()

    def sign(self, data: dict) -> dict:
        """`data` (string values) plus its signature under "s"."""
        return {**data, "s": self._mac(data)}

    def verify(self, data) -> dict | None:
        """The data without its signature if the signature holds, else None."""
        if not isinstance(data, dict) or not isinstance(data.get("s"), str):
            return None
        if not all(isinstance(v, str) for v in data.values()):
            return None
        if not hmac.compare_digest(self._mac(data).encode(), data["s"].encode("utf-8", "replace")):  # bytes:
            # compare_digest refuses str with non-ASCII characters, which a forger may send
            return None
        return {k: v for k, v in data.items() if k != "s"}

    def dumps(self, data: dict) -> str:
        return json.dumps(self.sign(data), separators=(",", ":"))

    def loads(self, text: str) -> dict | None:
        try:
            return self.verify(wire.loads(text or ""))
        except ValueError:
            return None
