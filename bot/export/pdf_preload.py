"""Imported by the document worker's forkserver only (its preload, :mod:`bot.documents.worker`): warms up the
copy sheet's renderer there (:func:`bot.export.pdf_worker.warm_up`), so that every export child starts with
the fonts parsed. Never imported by the bot's own process, which would then hold the fonts itself.

A warm-up that fails is logged (its type only) and the forkserver starts anyway: document jobs do not need
it, and each export child then loads what it needs itself (slower, the same PDF)."""

import logging

from bot.export.pdf_worker import warm_up

try:
    warm_up()
except Exception as exc:  # the forkserver must still serve the document jobs
    logging.getLogger(__name__).warning("the copy sheet's renderer could not be warmed up (%s); exports start cold",
                                        type(exc).__name__)
