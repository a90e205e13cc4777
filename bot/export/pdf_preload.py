"""Imported by the document worker's forkserver only (its preload, :mod:`bot.documents.worker`): warms up the
copy sheet's renderer there (:func:`bot.export.pdf_worker.warm_up`), so that every export child starts with
the fonts parsed. Never imported by the bot's own process, which would then hold the fonts itself."""

from bot.export.pdf_worker import warm_up

warm_up()
