"""The desk's HTTP surface (aiohttp): the shell page (script and style inline), the desk fragment and the JSON API the
page and the tests use. Every request for data proves who it is for — Telegram's signed init data in
``Authorization: tma <init data>``, or the session cookie a one-time link set — else 401 and nothing.

Every response carries a strict Content-Security-Policy (only the shell's own script and style, allowed by
their hashes; no other inline code, no eval) and ``Cache-Control: no-store``. Nothing personal goes
in a URL (the one-time token travels in the fragment and then a POST body) or a log line (no access log).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.engine.engine import Engine
from bot.i18n import normalize_locale
from bot.webapp import auth, links, pages
from bot.webapp.desk import MODES, Mode, UnknownUser, desk_view, document_file, save_answer

_log = logging.getLogger(__name__)
SESSION_COOKIE = "desk_session"
MAX_BODY = 16 * 1024
VIEWER = web.AppKey("viewer", auth.Viewer)
ENGINE = web.AppKey("engine", Engine)
TOKEN = web.AppKey("bot_token", str)
SECURE_COOKIE = web.AppKey("secure_cookie", bool)

COMPRESSED = frozenset({"text/html", "application/json"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers["Content-Security-Policy"] = pages.content_security_policy()
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    if isinstance(response, web.Response) and isinstance(response.body, bytes) and len(response.body) > 1024 \
            and response.content_type in COMPRESSED:  # (no reflected input in a page: no BREACH oracle)
        response.enable_compression()
    return response


def viewer_of(request: web.Request) -> auth.Viewer | None:
    """Who the request is for: init data in the Authorization header, else the session cookie."""
    token = request.app[TOKEN]
    header = request.headers.get("Authorization", "")
    if header.startswith("tma "):
        return auth.check_init_data(header[4:], token)
    return auth.check_session(request.cookies.get(SESSION_COOKIE), token)


def _refuse(status: int, message: str = "") -> web.Response:
    return web.json_response({"ok": False, "message": message}, status=status)


def _viewer_or_none(request: web.Request) -> auth.Viewer | None:
    viewer = viewer_of(request)
    if viewer is None:
        _log.info("desk request refused: no valid init data or session")
    return viewer


def _mode(request: web.Request) -> Mode:
    wanted = request.query.get("mode", "application")
    return next((mode for mode in MODES if mode == wanted), "application")


async def shell(request: web.Request) -> web.Response:
    locale = normalize_locale((request.headers.get("Accept-Language") or "en").split(",")[0].strip()) or "en"
    return web.Response(text=pages.shell_page(locale), content_type="text/html")


async def login(request: web.Request) -> web.Response:
    """A one-time link's token (from the page's fragment, in the body) becomes a session cookie."""
    body = await _json(request)
    token = body.get("token") if isinstance(body, dict) else None
    engine = request.app[ENGINE]
    async with engine.db.transaction() as session:
        user_id = await links.redeem_link(session, token) if isinstance(token, str) else None
    if user_id is None:
        return _refuse(403, "link used, expired or unknown")
    response = web.json_response({"ok": True})
    response.set_cookie(SESSION_COOKIE, auth.sign_session(user_id, request.app[TOKEN]), max_age=auth.SESSION_MAX_AGE,
                        httponly=True, secure=request.app[SECURE_COOKIE], samesite="Strict", path="/")
    return response


async def _view(request: web.Request) -> dict[str, Any] | web.Response:
    viewer = _viewer_or_none(request)
    if viewer is None:
        return _refuse(401)
    try:
        return await desk_view(request.app[ENGINE], viewer.user_id, _mode(request), viewer.language_code)
    except UnknownUser:
        return _refuse(404)


async def draft_json(request: web.Request) -> web.Response:
    view = await _view(request)
    return view if isinstance(view, web.Response) else web.json_response(view)


async def desk_html(request: web.Request) -> web.Response:
    view = await _view(request)
    return view if isinstance(view, web.Response) else web.Response(text=pages.desk_fragment(view),
                                                                     content_type="text/html")


async def answer(request: web.Request) -> web.Response:
    viewer = _viewer_or_none(request)
    if viewer is None:
        return _refuse(401)
    if request.content_type != "application/json":  # a cross-site form cannot send JSON without a preflight
        return _refuse(415)
    body = await _json(request)
    if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("flow", "key", "value")):
        return _refuse(400, "flow, key and value are needed")
    try:
        result = await save_answer(request.app[ENGINE], viewer.user_id, body["flow"], body["key"], body["value"],
                                   viewer.language_code, by_index=body.get("choice") is True)
    except UnknownUser:
        return _refuse(404)
    return web.json_response({"ok": result.ok, "message": result.message, "shown": result.shown,
                              "suggestions": list(result.suggestions), "notes": list(result.notes)},
                             status=result.status)


async def document(request: web.Request) -> web.Response:
    viewer = _viewer_or_none(request)
    if viewer is None:
        return _refuse(401)
    try:
        found = await document_file(request.app[ENGINE], viewer.user_id, request.match_info["item"])
    except UnknownUser:
        found = None
    if found is None:
        return _refuse(404)
    name, media, data = found
    return web.Response(body=data, content_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def _json(request: web.Request) -> Any:
    if (request.content_length or 0) > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(MAX_BODY, request.content_length or 0)
    try:
        return json.loads(await request.read())
    except ValueError:
        return None


def desk_app(engine: Engine, bot_token: str, *, secure_cookie: bool = True) -> web.Application:
    """The desk as an aiohttp application (mount it at the public URL's path). Its templates are compiled here,
    so the first applicant does not wait for it."""
    pages.warm()
    app = web.Application(client_max_size=MAX_BODY, middlewares=[security_headers])
    app[ENGINE] = engine
    app[TOKEN] = bot_token
    app[SECURE_COOKIE] = secure_cookie
    app.router.add_get("/", shell)
    app.router.add_get("/desk", desk_html)
    app.router.add_get("/api/draft", draft_json)
    app.router.add_post("/api/login", login)
    app.router.add_post("/api/answer", answer)
    app.router.add_get("/api/documents/{item}", document)
    return app
