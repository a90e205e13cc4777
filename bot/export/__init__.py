"""The export area of Gold Card Guide: the completed draft, ready to copy into the platform.

The platform has no import and logs the applicant out after 30 minutes, so the export lets them fill
every tab in minutes, and lets a help-desk colleague read the same draft:

- :mod:`bot.export.json_file`: the draft as JSON (schema-versioned envelope) and reading it back
  (``read_export``, ``parse_export`` for a file sent in chat);
- :mod:`bot.export.sheet`: the copy sheet as data, in platform order (identity and opening answers on
  top, what is missing, warnings, every tab, the document checklist);
- :mod:`bot.export.pdf`: the copy sheet as a PDF with Noto Sans TC embedded (:mod:`bot.export.font`);
- :mod:`bot.export.chat`: the copy sheet as short tap-to-copy chat messages, tab by tab;
- :mod:`bot.export.bundle`: JSON + PDF + ZIP with the documents (:mod:`bot.export.documents`);
- :mod:`bot.export.stored` and :mod:`bot.export.commands`: ``goldcard-bot export`` and ``import``.

This module imports nothing, so the CLI stays fast.
"""
