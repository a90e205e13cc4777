"""The fake Telegram Bot API of the tests (tests/telegram/fake_bot_api.py) for benchmarks, in a process of
its own, so that the bot measured has a core to itself, as it would with Telegram far away.

``python bench/fakeapi.py [--latency-ms 50]`` prints ``READY <bot api url> <control url>`` and serves
until stdin closes. The control API (JSON over HTTP, on its own port) lets the benchmark

* ``POST /push``: queue many typed messages at once (``[[user_id, text], …]``, in that order) and start
  the clock;
* ``POST /wait``: wait until every chat named received a message whose visible text contains its marker,
  then answer with the time from the push to the last message stored, the messages and calls since the
  push, and the CPU time the server itself used meanwhile (to see whether the server was the bottleneck);
* ``GET /transcripts``: the visible texts each chat received since the push (to check order);
* ``POST /reset``: drop and confirm whatever is still queued.

:class:`FakeApiProcess` starts it and talks to it; :class:`BenchBotAPI` is the in-process variant with
the same bulk push and timing, for benchmarks that run the bot in another process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiohttp import ClientSession, ClientTimeout, web

from tests.telegram.fake_bot_api import FakeBotAPI

TOKEN = "123:ABC"
SCRIPT = str(Path(__file__).resolve())


class BenchBotAPI(FakeBotAPI):
    """The tests' fake server, plus a bulk push (one sort instead of one per update), the time each
    message was stored, and waiting for markers."""

    def __init__(self, token: str = TOKEN, latency: float = 0.0) -> None:
        super().__init__(token, latency=latency)
        self.stored_at: dict[tuple[int, int], float] = {}  # (chat, message id) -> monotonic time
        self.pushed_at = 0.0
        self._mark: dict[int, int] = {}  # chat -> messages before the push
        self._calls_mark = 0
        self._cpu_mark = 0.0

    def _store(self, chat_id: int, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raw: dict[str, Any] = super()._store(chat_id, *args, **kwargs)
        self.stored_at[(chat_id, raw["message_id"])] = time.monotonic()
        return raw

    def push_texts(self, texts: list[tuple[int, str]], language_code: str = "en") -> int:
        """Queue every message at once, in this order; the clock starts when they are all queued."""
        self._mark = {chat: len(self.messages.get(chat, [])) for chat, _ in texts}
        self._calls_mark = len(self.calls)
        self._cpu_mark = time.process_time()
        now = int(time.time())
        for user_id, text in texts:
            update_id = self._next_update_id
            self._next_update_id += 1
            message: dict[str, Any] = {
                "message_id": self._message_id(user_id), "date": now,
                "chat": {"id": user_id, "type": "private", "first_name": f"Tester{user_id}"},
                "from": self.user(user_id, language_code), "text": text,
            }
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            update = {"update_id": update_id, "message": message}
            self._pushed[update_id] = update
            self._queue.append(update)
        self.pushed_at = time.monotonic()
        self._notify()
        return len(texts)

    def since_push(self, chat_id: int) -> list[Any]:
        return self.messages.get(chat_id, [])[self._mark.get(chat_id, 0):]

    async def wait_markers(self, markers: dict[int, str], within: float = 300.0) -> dict[str, Any]:
        """Until every chat got a message containing its marker (visible text) since the push."""
        pending = dict(markers)
        scanned = {chat: 0 for chat in pending}
        last = self.pushed_at
        deadline = time.monotonic() + within
        while pending:
            for chat in list(pending):
                new = self.since_push(chat)
                for message in new[scanned[chat]:]:
                    if pending[chat] in message.plain:
                        last = max(last, self.stored_at.get((chat, message.message_id), last))
                        del pending[chat]
                        break
                scanned[chat] = len(new)
            if pending:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{len(pending)} chat(s) never got their last reply")
                await asyncio.sleep(0.005)
        calls: dict[str, int] = {}
        for call in self.calls[self._calls_mark:]:
            calls[call.method] = calls.get(call.method, 0) + 1
        return {"seconds": last - self.pushed_at, "messages": sum(len(self.since_push(c)) for c in markers),
                "calls": calls, "server_cpu": time.process_time() - self._cpu_mark}

    def reset(self) -> int:
        """Drop (confirm) whatever is still queued: the next bot starts from nothing."""
        left = len(self._queue) + len(self._redeliver)
        self._confirmed = self._next_update_id
        self._queue, self._redeliver = [], []
        return left

    def transcripts(self, chats: list[int]) -> dict[int, list[str]]:
        return {chat: [message.plain for message in self.since_push(chat)] for chat in chats}


# -- the server process -----------------------------------------------------------------------------
def control_app(api: BenchBotAPI) -> web.Application:
    async def push(request: web.Request) -> web.Response:
        body = await request.json()
        count = api.push_texts([(int(u), str(t)) for u, t in body["texts"]], body.get("language_code", "en"))
        return web.json_response({"pushed": count})

    async def wait(request: web.Request) -> web.Response:
        body = await request.json()
        try:
            result = await api.wait_markers({int(k): v for k, v in body["markers"].items()},
                                            float(body.get("within", 300)))
        except TimeoutError as exc:
            return web.json_response({"error": str(exc)}, status=504)
        return web.json_response(result)

    async def transcripts(request: web.Request) -> web.Response:
        chats = [int(c) for c in request.query["chats"].split(",")]
        return web.json_response({str(k): v for k, v in api.transcripts(chats).items()})

    async def reset(_request: web.Request) -> web.Response:
        return web.json_response({"dropped": api.reset()})

    async def latency(request: web.Request) -> web.Response:
        api.latency = float((await request.json())["seconds"])
        return web.json_response({"latency": api.latency})

    app = web.Application(client_max_size=256 * 1024 * 1024)
    app.router.add_post("/push", push)
    app.router.add_post("/wait", wait)
    app.router.add_get("/transcripts", transcripts)
    app.router.add_post("/reset", reset)
    app.router.add_post("/latency", latency)
    return app


async def serve(latency: float) -> None:
    api = BenchBotAPI(TOKEN, latency=latency)
    await api.start()
    runner = web.AppRunner(control_app(api), access_log=None)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    print(f"READY {api.url} http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    closed = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(), lambda: closed.set() if not os.read(sys.stdin.fileno(), 4096) else None)
    await closed.wait()
    await runner.cleanup()
    await api.stop()


class FakeApiProcess:
    """The fake Bot API in a child process, and a client of its control API."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.control = ""
        self._http: ClientSession | None = None

    def _spawn(self) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, SCRIPT, "--latency-ms", str(self.latency * 1000)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    async def __aenter__(self) -> FakeApiProcess:
        self.process = self._spawn()
        assert self.process.stdout is not None
        line = await asyncio.get_running_loop().run_in_executor(None, self.process.stdout.readline)
        if not line.startswith("READY "):
            raise RuntimeError(f"the fake Bot API did not start: {line!r}")
        _, self.url, self.control = line.split()
        self._http = ClientSession(timeout=ClientTimeout(total=None))
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._http is not None:
            await self._http.close()
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        assert self._http is not None
        async with self._http.post(self.control + path, data=json.dumps(body),
                                   headers={"Content-Type": "application/json"}) as response:
            result = await response.json()
            if response.status != 200:
                raise RuntimeError(result.get("error", f"HTTP {response.status}"))
            return result

    async def push(self, texts: list[tuple[int, str]], language_code: str = "en") -> None:
        await self._post("/push", {"texts": texts, "language_code": language_code})

    async def wait(self, markers: dict[int, str], within: float = 300.0) -> dict[str, Any]:
        return dict(await self._post("/wait", {"markers": {str(k): v for k, v in markers.items()},
                                                "within": within}))

    async def transcripts(self, chats: list[int]) -> dict[int, list[str]]:
        assert self._http is not None
        async with self._http.get(self.control + "/transcripts",
                                  params={"chats": ",".join(map(str, chats))}) as response:
            return {int(k): v for k, v in (await response.json()).items()}

    async def reset(self) -> int:
        return int((await self._post("/reset", {}))["dropped"])


def main() -> int:
    parser = argparse.ArgumentParser(description="the fake Bot API for benchmarks, in its own process")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every Bot API call")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.latency_ms / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
