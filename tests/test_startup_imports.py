"""What a started bot has loaded: the document libraries (Pillow, pikepdf, PDFium, fpdf2), Alembic and
rapidfuzz come with their first use, not at start-up, which keeps the idle bot under 100 MB (BENCHMARKS.md,
"Memory")."""

from __future__ import annotations

import json
import subprocess
import sys

CLI_TOOLS = ("rich", "click", "pygments")  # httpx's command line: installed with the dev tools, never loaded
LOADED_LATER = ("PIL", "pikepdf", "pypdfium2", "fpdf", "fontTools", "pillow_heif", "alembic", "mako", "rapidfuzz",
                "phonenumbers", "email_validator")

PROBE = """
import json, sys
import bot.cli
bot.cli.without_httpx_cli()  # as bot.cli.main does first
from bot.app import build_app
from bot.telegram.ptb_door import build_ptb_door
import bot.dialogs, bot.helpdesk.inline
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_by(code: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_starting_the_bot_does_not_load_the_document_libraries() -> None:
    loaded = loaded_by(PROBE)
    assert "telegram" in loaded and "sqlalchemy" in loaded  # the probe did import the bot
    assert not loaded & set(LOADED_LATER), sorted(loaded & set(LOADED_LATER))
    assert not loaded & set(CLI_TOOLS), sorted(loaded & set(CLI_TOOLS))


def test_httpx_would_load_its_command_line_tools_here() -> None:
    """The guard above is not idle: in this environment httpx alone loads them."""
    assert set(CLI_TOOLS) <= loaded_by("import json, sys, telegram\n" + PROBE.splitlines()[-1])


def test_the_first_document_loads_them() -> None:
    loaded = loaded_by(PROBE.replace("print(", "import bot.documents.pipeline\nprint("))
    assert {"PIL", "pikepdf"} <= loaded


def test_the_first_phone_number_and_address_load_their_libraries() -> None:
    loaded = loaded_by(PROBE.replace("print(", "from bot.forms.contact import email, international_phone\n"
                                     "import datetime\nfrom bot.forms.result import RuleContext\n"
                                     "context = RuleContext(datetime.date(2026, 1, 1))\n"
                                     "international_phone('+886 2 2345 6789', context)\n"
                                     "email('a@example.com', context)\nprint("))
    assert {"phonenumbers", "email_validator"} <= loaded


def test_chinese_replies_do_not_load_babel() -> None:
    """The bot reads the compiled .mo catalogs with the standard library; Babel (its .po parser and CLDR data,
    about 4 MiB) is the catalog tools' and the help desk's hours' only."""
    loaded = loaded_by(PROBE.replace("print(", "from bot.i18n import _, render\n"
                                     "assert render(_('Please choose one.'), 'zh_TW') != 'Please choose one.'\nprint("))
    assert "sqlalchemy" in loaded and "babel" not in loaded


def test_metrics_load_only_with_the_listener_that_serves_them() -> None:
    """Without HEALTH_LISTEN nothing can scrape ``/metrics``: the door's metrics are no-ops and prometheus-client
    is not loaded; the health app (the listener) makes them, and they count from then on."""
    loaded = loaded_by(PROBE.replace("print(", "from bot.ops import metrics\nmetrics.UPDATES.labels('text').inc()\n"
                                     "metrics.HANDLER_SECONDS.observe(0.1)\nprint("))
    assert "telegram" in loaded and "prometheus_client" not in loaded
    listened = PROBE.replace("print(", "from bot.ops import metrics, health\nhealth.health_app(None)\n"
                                       "metrics.UPDATES.labels('text').inc()\n"
                                       "body = metrics.exposition()[0]\n"
                                       "assert b'goldcard_updates_handled_total{kind=\"text\"} 1.0' in body\n"
                                       "print(")
    assert "prometheus_client" in loaded_by(listened)


def test_the_console_does_not_load_the_metrics() -> None:
    """prometheus-client serves ``/metrics`` of ``run``; the console chat never loads it."""
    loaded = loaded_by("import json, sys\nimport bot.cli, bot.app, bot.console\n" + PROBE.splitlines()[-1])
    assert "sqlalchemy" in loaded and "prometheus_client" not in loaded


def test_aiohttps_server_loads_only_with_a_listener() -> None:
    """The health endpoints (HEALTH_LISTEN) and the copy desk (WEBAPP_LISTEN) are off by default: aiohttp's
    server modules are not loaded for them."""
    full_names = PROBE.replace('name.split(".")[0] for name in sys.modules', "name for name in sys.modules")
    loaded = loaded_by(full_names)
    assert "aiohttp.client" in loaded and not {name for name in loaded if name.startswith("aiohttp.web")}
