"""The numbers the document pipeline works to, each with where it comes from.

Platform rules are facts in ``bot/data/platform_rules.json`` (the same the shared rules use), from
``shared/platform.md`` §4 (seed 003, the supplement upload page: "no encrypted
files, each file ≤ 1024 KB, at most 5 files (merge into one PDF if there are more)") and
``shared/research/domain.md`` §4 (photo size 3.5 × 4.5 cm, white background). The rest are this bot's
own choices, explained next to each value.
"""

from __future__ import annotations

from typing import Final

from bot.forms.facts import number

# -- the platform (platform.md §4, seed 003 補正(件)上傳; domain.md §4.2): facts in platform_rules.json --
PLATFORM_MAX_BYTES: Final = number("upload_budget_bytes")
"""Largest file the bot prepares: 1,000,000 bytes. The platform says 1024 KB (seed 003 line 226) and may
count a KB as 1,000 bytes, so the budget stays under either reading (``upload_budget_bytes``)."""

SUPPLEMENT_MAX_FILES: Final = number("supplement_max_files")
"""At most 5 files per supplement upload; more are merged into one PDF (seed 003)."""

PHOTO_WIDTH_CM: Final = 3.5
PHOTO_HEIGHT_CM: Final = 4.5
"""Photo 4.5 cm tall × 3.5 cm wide, white background (domain.md §4.1, NIA ARC photo specification)."""

# -- Telegram ------------------------------------------------------------------------------------
TELEGRAM_DOWNLOAD_MAX_BYTES: Final = 20 * 1024 * 1024
"""Bot API getFile: "bots can download files of up to 20 MB in size" (core.telegram.org/bots/api#getfile)."""

# -- legibility (this bot's choice) --------------------------------------------------------------
A4_INCHES: Final = (210 / 25.4, 297 / 25.4)
"""A4 portrait in inches (8.27 × 11.69)."""

A4_POINTS: Final = (595.28, 841.89)
"""A4 portrait in PDF points (1/72 inch)."""

TARGET_DPI: Final = 200
"""Resolution aimed for on an A4 page: what document scanners use for text by default."""

MIN_DPI: Final = 150
"""Below this on an A4 page, small print (8–9 pt) gets hard to read; the user is warned."""

FLOOR_DPI: Final = 110
"""Never go below this to meet the size limit; ask the user to split the document instead."""

KEEP_DPI: Final = 300
"""A page kept between "add a page" and "done" is stored at up to this resolution (A4)."""

JPEG_QUALITY_MAX: Final = 85
"""Quality tried first: text edges stay clean; higher costs bytes without visible gain."""

JPEG_QUALITY_MIN: Final = 40
"""Lowest quality used before lowering the resolution instead (ringing around strokes beyond this)."""

PAGE_KEEP_QUALITY: Final = 92
"""Quality of a stored page (re-encoded again when the document is finished, so kept high)."""

# -- safety (this bot's choice) ------------------------------------------------------------------
MAX_IMAGE_PIXELS: Final = 200_000_000
"""Largest image size a file may declare: the 200-megapixel mode of current phones (16320 × 12240).
Set as Pillow's ``Image.MAX_IMAGE_PIXELS``; more is refused unopened as a likely decompression bomb."""

MAX_DECODED_PIXELS: Final = 50_000_000
"""Most pixels ever decoded into memory (≈150 MB in RGB): 48-MP phone photos pass. A larger JPEG is
decoded at 1/2, 1/4 or 1/8 scale (``draft``); a larger PNG or HEIC is refused."""

MAX_DECODE_BYTES: Final = 192 * 1024 * 1024
"""Most memory one image may take while converted, counted before decoding from its size, channels and
bit depth (with the working copies that transparency, 16-bit samples or HEIC decoding need): a 24-MP
HEIC or a 40-MP 8-bit RGB image passes; a 50-MP RGBA PNG does not. Keeps a worker under 300 MB."""

MAX_PDF_PAGES: Final = 300
"""More pages than any Gold Card document needs; bounds the work one upload can cause."""

MAX_PDF_OBJECTS: Final = 50_000
"""Most objects a PDF may hold (a 300-page text PDF has a few thousand); counted in the raw bytes and the
cross-reference table before any object is read, so a million-object file costs nothing."""

MAX_PAGE_AREA_PT2: Final = 4 * 2384 * 3370
"""Largest page area in square points: four A0 sheets (2 m a side). A page is drawn at most at A4 size, so
this only refuses absurd pages (the PDF limit is 14,400 pt a side)."""

MAX_RASTER_PAGES: Final = 40
"""Most pages turned into images to fit the size limit: even black and white, more do not fit legibly."""

MAX_RASTER_CONTENT_BYTES: Final = 4 * 1024 * 1024
"""Most drawing instructions (page content streams, as stored) turned into images: dense vector paths take
up to a second or two per 100 KB to draw, so more would run past the time budget; such a PDF is refused."""

WORKER_MEMORY_BYTES: Final = 400 * 1024 * 1024
"""Hard memory budget of one document job (address space a worker may add to what it starts with)."""

WORKER_SECONDS: Final = 20
"""Hard time budget of one document job (wall clock; the CPU limit is the same)."""

MAX_PDF_IMAGE_PIXELS: Final = MAX_DECODED_PIXELS
"""An image inside a PDF larger than this is left as it is rather than decoded for recompression."""

# -- previews --------------------------------------------------------------------------------------
PREVIEW_MAX_SIDE: Final = 512
"""Longest side of the page-1 preview: enough for a chat bubble, a few tens of KB."""

# -- photo slot ------------------------------------------------------------------------------------
PHOTO_MAX_PX: Final = (827, 1063)
"""3.5 × 4.5 cm at 600 DPI: the largest photo kept (more only costs bytes)."""

PHOTO_MIN_PX: Final = (413, 531)
"""3.5 × 4.5 cm at 300 DPI, the print resolution of an ID photo; smaller is warned about."""
