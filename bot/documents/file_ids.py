"""Telegram file ids, kept only as a cache next to the file store.

Two small mappings, both per owner, both safe to lose (the cost is one more download or upload):

- ``file_unique_id`` of an upload → the SHA-256 of the page made from it: a file the user sends again
  (or a redelivered update) is not downloaded and converted twice;
- SHA-256 of a stored file → the ``file_id`` Telegram gave when the bot sent it: sending it again needs
  no new upload.

:class:`FileIdCache` is the interface the chat uses; :class:`MemoryFileIdCache` is a bounded in-memory
version (tests, console, one worker). A database-backed version implements the same four methods.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol


class FileIdCache(Protocol):
    async def page_for_upload(self, owner_id: int, file_unique_id: str) -> str | None: ...

    async def remember_upload(self, owner_id: int, file_unique_id: str, sha256: str) -> None: ...

    async def file_id_for(self, owner_id: int, sha256: str) -> str | None: ...

    async def remember_file_id(self, owner_id: int, sha256: str, file_id: str) -> None: ...

    async def forget_owner(self, owner_id: int) -> None: ...


class MemoryFileIdCache:
    """The cache in process memory, least recently used entries dropped beyond ``capacity``."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[tuple[str, int, str], str] = OrderedDict()

    def _get(self, key: tuple[str, int, str]) -> str | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def _set(self, key: tuple[str, int, str], value: str) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._capacity:
            self._entries.popitem(last=False)

    async def page_for_upload(self, owner_id: int, file_unique_id: str) -> str | None:
        return self._get(("upload", owner_id, file_unique_id))

    async def remember_upload(self, owner_id: int, file_unique_id: str, sha256: str) -> None:
        self._set(("upload", owner_id, file_unique_id), sha256)

    async def file_id_for(self, owner_id: int, sha256: str) -> str | None:
        return self._get(("sent", owner_id, sha256))

    async def remember_file_id(self, owner_id: int, sha256: str, file_id: str) -> None:
        self._set(("sent", owner_id, sha256), file_id)

    async def forget_owner(self, owner_id: int) -> None:
        for key in [key for key in self._entries if key[1] == owner_id]:
            del self._entries[key]
