"""A reminder's dedupe key, ``<kind>:<draft id or ->:<anchor digest>:<tag>``: one row per kind, applicant,
anchor date and tag, without the date (a passport's expiry, personal data) in clear. The anchor is named by
:meth:`storage.crypto.Sealer.digest`, bound to the user, kind and draft; ``goldcard-bot rotate-keys``
renames it with the new key (the anchor itself is sealed in ``params_sealed``)."""

from __future__ import annotations

from storage.crypto import Sealer


def dedupe_prefix(kind: str, draft_id: str | None) -> str:
    return f"{kind}:{draft_id or '-'}:"


def anchor_digest(sealer: Sealer, user_id: int, kind: str, draft_id: str | None, anchor_iso: str) -> str:
    return sealer.digest(anchor_iso, f"reminders:{user_id}:{dedupe_prefix(kind, draft_id)}")


def dedupe_key(sealer: Sealer, user_id: int, kind: str, draft_id: str | None, anchor_iso: str, tag: str) -> str:
    return f"{dedupe_prefix(kind, draft_id)}{anchor_digest(sealer, user_id, kind, draft_id, anchor_iso)}:{tag}"
