"""An installed bot on a read-only package: built as a wheel, installed by root into a fresh venv, run as an
unprivileged user. Nothing may be written into the installed package (the catalogs are read into memory)."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.i18n_catalogs import simplified_characters
from tests.test_console import ABROAD, VISA_EXEMPT

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def unprivileged(argv: list[str]) -> list[str]:
    """As ``nobody`` when the tests run as root (CI); as the current user otherwise. When the interpreter lives
    where ``nobody`` cannot reach it (pyenv under /root), ``nobody`` keeps only the right to read and search
    (CAP_DAC_READ_SEARCH): writing is still refused wherever ``nobody`` may not write."""
    if os.geteuid() != 0:
        return argv
    setpriv = [shutil.which("setpriv") or "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if _nobody_can_run(sys.executable):
        return [*setpriv, *argv]
    return [*setpriv, "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", *argv]


def _nobody_can_run(python: str) -> bool:
    probe = subprocess.run([shutil.which("setpriv") or "setpriv", "--reuid=nobody", "--regid=nogroup",
                            "--clear-groups", python, "-c", "import babel"], capture_output=True)  # its packages too
    return probe.returncode == 0


@pytest.fixture(scope="module")
def installed() -> Iterator[Path]:
    """A fresh venv with the project's wheel installed (no editable link to the sources); the dependencies
    come from this venv's site-packages through a .pth file, so nothing is downloaded."""
    top = Path(tempfile.mkdtemp(prefix="goldcard-install-"))
    try:
        os.chmod(top, 0o755)
        wheels = top / "wheels"
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                        "--disable-pip-version-check", "-w", str(wheels), str(ROOT)], check=True, cwd=top)
        venv = top / "venv"
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        python = venv / "bin" / "python"
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                        "--quiet", "--disable-pip-version-check", *map(str, wheels.glob("*.whl"))], check=True)
        purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                      check=True, capture_output=True, text=True).stdout.strip())
        (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n" +
                                                  "\n".join(site.getsitepackages()) + "\n")
        subprocess.run(["chmod", "-R", "go-w", str(venv)], check=True)
        (top / "home").mkdir(mode=0o777)
        os.chmod(top / "home", 0o777)  # the service user's state directory
        yield venv
    finally:
        shutil.rmtree(top, ignore_errors=True)


def run_installed(venv: Path, argv: list[str], lines: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    home = venv.parent / "home"
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(home), "DATA_DIR": str(home / "data"),
           "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(unprivileged(argv), input=None if lines is None else "\n".join(lines) + "\n",
                          capture_output=True, text=True, env=env, cwd=home, timeout=120)


def test_the_bot_runs_from_the_installed_package_not_the_sources(installed: Path) -> None:
    result = run_installed(installed, [str(installed / "bin" / "python"), "-c",
                                       "import bot, os; print(bot.__file__, os.access(bot.__file__, os.W_OK))"])
    assert result.returncode == 0, result.stderr
    where, writable = result.stdout.split()
    assert where.startswith(str(installed)) and writable == "False"
    shipped = {path.name for path in (installed / "lib").rglob("zh_TW/LC_MESSAGES/*.mo")}
    assert {"forms.mo", "messages.mo"} <= shipped  # the compiled catalogs the bot reads come with the package


def test_chinese_conversation_as_a_service_user_writes_nothing_into_the_package(installed: Path) -> None:
    before = sorted(str(path) for path in (installed / "lib").rglob("*"))
    result = run_installed(installed, [str(installed / "bin" / "goldcard-bot"), "chat", "--user", "7", "--lang",
                                       "zh_TW"], ["1", *VISA_EXEMPT])
    assert result.returncode == 0, result.stderr
    assert "PermissionError" not in result.stderr
    assert "您在平臺上的身分：非美籍外籍人士境內申請(免簽證入國)" in result.stdout
    assert "已確認並儲存" in result.stdout
    assert not simplified_characters(result.stdout)
    assert sorted(str(path) for path in (installed / "lib").rglob("*")) == before


def test_english_conversation_as_a_service_user(installed: Path) -> None:
    result = run_installed(installed, [str(installed / "bin" / "goldcard-bot"), "chat", "--user", "8", "--lang",
                                       "en"], ["1", *ABROAD])
    assert result.returncode == 0, result.stderr
    assert "Confirmed and saved." in result.stdout
