"""python-telegram-bot's networking on aiohttp instead of httpx (a :class:`telegram.request.BaseRequest`).

Why: under load the bot keeps up to a few hundred Bot API calls in flight, and httpx's connection pool
does bookkeeping over every connection on each request, so its cost per call grows with the calls in
flight; aiohttp's does not, and it is the client aiogram (our other door) is built on. BENCHMARKS.md has
the figures. PTB documents ``BaseRequest`` as the way to bring another HTTP library; this follows
``HTTPXRequest``'s behaviour, except that a call without files is one ``application/json`` body (PTB's
JSON values; encoding each parameter into a form costs more), files as multipart, PTB's four timeouts,
``TimedOut`` for a timeout and ``NetworkError`` for any other failure of the connection.
"""

from __future__ import annotations

from typing import cast

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON = {"Content-Type": "application/json"}


class JsonBody:
    """A request body the caller made as JSON itself (``bot.telegram.bot_api_json``), posted as it is.

    Passed to ``BaseRequest.post`` in place of PTB's (final) ``RequestData``: PTB hands ``request_data`` to
    :meth:`AiohttpRequest.do_request` untouched, and that knows this class (checked in
    tests/test_private_apis.py against the PTB version pinned)."""

    __slots__ = ("payload",)

    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def as_request_data(self) -> RequestData:
        return cast(RequestData, self)


class AiohttpRequest(BaseRequest):
    """One aiohttp session with up to ``connection_pool_size`` connections."""

    def __init__(self, connection_pool_size: int = 256, *, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, media_write_timeout: float | None = 20.0) -> None:
        self._pool_size = connection_pool_size
        self._timeouts = {"read": read_timeout, "write": write_timeout, "connect": connect_timeout,
                          "pool": pool_timeout}
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
                         pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = isinstance(request_data, RequestData) and request_data.contains_files
        read = _given(read_timeout, self._timeouts["read"])
        write = _given(write_timeout, self._media_write_timeout if files else self._timeouts["write"])
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_given(pool_timeout, self._timeouts["pool"]),  # aiohttp: a free connection, and connecting
            sock_connect=_given(connect_timeout, self._timeouts["connect"]),
            # aiohttp has no write timeout: the read timeout (no byte received for so long) covers the
            # upload too, so it is at least the write timeout
            sock_read=None if read is None or write is None else max(read, write),
        )
        try:
            body = _body(request_data)
            headers = JSON if isinstance(body, bytes) else None
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            if isinstance(exc, aiohttp.ConnectionTimeoutError):
                raise TimedOut("Pool timeout: no connection became free in time; the request was not sent") from exc
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


def _given(timeout: ODVInput[float], default: float | None) -> float | None:
    """A timeout passed to the call, or this request's default when PTB passed its "not given" marker."""
    return default if isinstance(timeout, DefaultValue) else timeout


def _body(request_data: RequestData | JsonBody | None) -> aiohttp.FormData | bytes | None:
    if request_data is None:
        return None
    if isinstance(request_data, JsonBody):
        return request_data.payload
    if not request_data.contains_files:  # one JSON body (the Bot API takes application/json), not form-encoded
        return request_data.json_payload
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content = part[0], part[1]
        content_type = part[2] if len(part) > 2 else None
        form.add_field(name, content, filename=filename, content_type=content_type)
    return form
