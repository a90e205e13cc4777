"""The copy desk: a Telegram Mini App served by the bot's own aiohttp server.

``auth`` checks Telegram's signed init data and the browser session cookie, ``links`` the one-time links
for a desktop browser, ``desk`` reads and edits the draft through the engine's Turn (the same rules and
storage as the chat), ``verdict_view`` is the one place that asks the shared rules for a verdict,
``pages`` renders the Jinja2 templates, ``api`` is the HTTP surface and ``server`` its listener.
"""
