"""The sealer: AES-GCM with a key ring, bound to owner row and column."""

from __future__ import annotations

import pytest

from storage.crypto import Sealer, SealError, decode_key, generate_key


def test_round_trip_and_binding() -> None:
    sealer = Sealer([decode_key(generate_key())])
    token = sealer.seal(b"A123456789", "drafts:1:answers")
    assert b"A123456789" not in token
    assert sealer.open(token, "drafts:1:answers") == b"A123456789"
    with pytest.raises(SealError):
        sealer.open(token, "drafts:2:answers")
    with pytest.raises(SealError):
        sealer.open(token[:-1] + bytes([token[-1] ^ 1]), "drafts:1:answers")


def test_rotation_keeps_old_values_readable() -> None:
    old, new = decode_key(generate_key()), decode_key(generate_key())
    token = Sealer([old]).seal(b"x", "c")
    ring = Sealer([new, old])
    assert ring.open(token, "c") == b"x" and not ring.is_current(token)
    assert ring.is_current(ring.seal(b"x", "c"))
    with pytest.raises(SealError):
        Sealer([new]).open(token, "c")


def test_bad_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        decode_key("c2hvcnQ=")
    with pytest.raises(ValueError):
        Sealer([])
