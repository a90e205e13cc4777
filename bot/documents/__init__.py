"""The documents area of Gold Card Guide: every uploaded file made right for the platform.

The platform takes files of at most 1024 KB (the bot makes them at most 1,000,000 bytes, in case it counts a KB
as 1,000 bytes), no encrypted files, and at most 5 files per supplement
(shared/platform.md §4). This package judges uploads by their bytes, opens them safely, turns phone
photos into legible A4 PDFs under the limit, keeps the photo slot as a 3.5 × 4.5 cm JPEG, and stores
files sealed per owner. The chat uses :mod:`bot.documents.pipeline` (check, take a page, finish),
:mod:`bot.documents.supplement`, :mod:`bot.documents.store` and :mod:`bot.documents.file_ids`; the
``goldcard-bot docs`` commands (:mod:`bot.documents.commands`) run the same code.

This module imports nothing heavy, so importing the package (as the CLI does) stays fast.
"""
