"""Open an untrusted PDF and refuse what the platform or a reviewer's viewer must not get.

Refused: files that need a password to open (the platform refuses encrypted files), JavaScript,
Launch actions, embedded files, actions that run by themselves on opening (an ``/OpenAction`` or
``/AA`` other than "show this page"), XFA forms and embedded media. Every object of the file is
walked, including ones nothing points to. Before any object is parsed, the objects are counted in the raw
bytes (``obj`` keywords, object streams' ``/N`` and cross-reference ``/Size``) and refused over
:data:`~bot.documents.limits.MAX_PDF_OBJECTS`; pages larger than
:data:`~bot.documents.limits.MAX_PAGE_AREA_PT2` are refused before anything is drawn. A PDF that opens
without a password but carries copy/print restrictions is accepted and saved again without them (noted
to the user).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from bot.documents.formats import FileFormat
from bot.documents.limits import MAX_PAGE_AREA_PT2, MAX_PDF_OBJECTS, MAX_PDF_PAGES
from bot.documents.notes import ActiveContent, Refusal, RefusalCode, Refused

_HARMLESS_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread", "/SetOCGState", "/Trans"})
_LAUNCHING_ACTIONS = frozenset({"/Launch", "/GoToE", "/ImportData", "/RichMediaExecute"})
_MEDIA_SUBTYPES = frozenset({"/RichMedia", "/3D", "/Movie", "/Sound", "/Screen"})
_MAX_WALK_DEPTH = 64
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_COUNT = re.compile(rb"/(N|Size)\s+(\d{1,12})\b")
_CM_PER_PT = 2.54 / 72


@dataclass
class CheckedPdf:
    """A PDF that passed the checks, still open."""

    pdf: pikepdf.Pdf
    pages: int
    restricted: bool
    """It was encrypted with an owner password only (opens without one): it must be saved anew."""
    signed: bool
    """It carries a digital signature, which any rewrite invalidates."""


def open_checked_pdf(data: bytes) -> CheckedPdf:
    """Open ``data`` (sniffed as PDF) and run the checks; raises :class:`Refused`."""
    objects = count_objects(data)
    if objects > MAX_PDF_OBJECTS:
        raise Refused(Refusal.of(RefusalCode.TOO_MANY_OBJECTS, objects=objects))
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise Refused(Refusal.of(RefusalCode.ENCRYPTED)) from exc
    except (pikepdf.PdfError, ValueError, OSError, RuntimeError) as exc:
        raise Refused(Refusal.of(RefusalCode.BROKEN, format=FileFormat.PDF.value)) from exc
    try:
        pages = len(pdf.pages)
        if pages == 0:
            raise Refused(Refusal.of(RefusalCode.BROKEN, format=FileFormat.PDF.value))
        if pages > MAX_PDF_PAGES:
            raise Refused(Refusal.of(RefusalCode.TOO_MANY_PAGES, pages=pages))
        size = int(pdf.trailer.get(Name.Size, 0))
        if size > MAX_PDF_OBJECTS:
            raise Refused(Refusal.of(RefusalCode.TOO_MANY_OBJECTS, objects=size))
        _check_page_sizes(pdf)
        found = find_active_content(pdf)
        if found is not None:
            raise Refused(Refusal.of(RefusalCode.ACTIVE_CONTENT, what=found.value))
        return CheckedPdf(pdf, pages, restricted=pdf.is_encrypted, signed=_is_signed(pdf))
    except Refused:
        pdf.close()
        raise
    except (pikepdf.PdfError, ValueError, RuntimeError, KeyError, TypeError) as exc:
        pdf.close()
        raise Refused(Refusal.of(RefusalCode.BROKEN, format=FileFormat.PDF.value)) from exc


def count_objects(data: bytes) -> int:
    """An upper estimate of the objects in the raw PDF ``data``, without parsing it (a few ms for 20 MB).

    Objects written out (``N 0 obj``) plus objects packed in object streams (their ``/N``), or the
    cross-reference table's ``/Size`` when it claims more.
    """
    loose = data.count(b"obj") - data.count(b"endobj")
    packed = 0
    claimed = 0
    for match in _COUNT.finditer(data):
        value = int(match.group(2))
        if match.group(1) == b"Size":
            claimed = max(claimed, value)
        elif _OBJECT_STREAM.search(data, max(0, match.start() - 512), match.end() + 512):
            packed += value
    return max(loose + packed, claimed)


def _check_page_sizes(pdf: pikepdf.Pdf) -> None:
    for number, page in enumerate(pdf.pages, start=1):
        box = [float(value) for value in page.mediabox]
        width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
        unit = float(page.obj.get(Name.UserUnit, 1) or 1)
        if width * height * unit * unit > MAX_PAGE_AREA_PT2:
            raise Refused(Refusal.of(RefusalCode.PAGE_TOO_LARGE, page=number, width=round(width * unit * _CM_PER_PT),
                                     height=round(height * unit * _CM_PER_PT)))


def find_active_content(pdf: pikepdf.Pdf) -> ActiveContent | None:
    """The most serious kind of active content in ``pdf``, or None."""
    found: set[ActiveContent] = set()
    for obj in pdf.objects:
        for dictionary in _dictionaries(obj, 0):
            found.update(_inspect(dictionary))
            if ActiveContent.JAVASCRIPT in found:
                return ActiveContent.JAVASCRIPT
    root = pdf.Root
    open_action = root.get(Name.OpenAction)
    if open_action is not None and _is_action_that_acts(open_action):
        found.add(ActiveContent.OPEN_ACTION)
    acroform = root.get(Name.AcroForm)
    if isinstance(acroform, pikepdf.Dictionary) and Name.XFA in acroform:
        found.add(ActiveContent.XFA)
    for kind in (ActiveContent.JAVASCRIPT, ActiveContent.LAUNCH, ActiveContent.EMBEDDED_FILES,
                 ActiveContent.OPEN_ACTION, ActiveContent.XFA, ActiveContent.MEDIA):
        if kind in found:
            return kind
    return None


def _dictionaries(obj: pikepdf.Object, depth: int) -> Iterator[pikepdf.Dictionary]:
    """``obj`` (if a dictionary or stream) and every dictionary held directly inside it."""
    if depth > _MAX_WALK_DEPTH:
        return
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        yield obj  # type: ignore[misc]
        children = obj.values()
    elif isinstance(obj, pikepdf.Array):
        children = obj
    else:
        return
    for child in children:
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
            yield from _dictionaries(child, depth + 1)


def _inspect(dictionary: pikepdf.Dictionary) -> Iterator[ActiveContent]:
    action = dictionary.get(Name.S)
    if Name.JS in dictionary or action == Name.JavaScript or Name.JavaScript in dictionary:
        yield ActiveContent.JAVASCRIPT
    if action is not None and str(action) in _LAUNCHING_ACTIONS:
        yield ActiveContent.LAUNCH
    kind = dictionary.get(Name.Type)
    subtype = dictionary.get(Name.Subtype)
    if (kind == Name.EmbeddedFile or Name.EF in dictionary or Name.EmbeddedFiles in dictionary
            or subtype == Name.FileAttachment):
        yield ActiveContent.EMBEDDED_FILES
    if subtype is not None and str(subtype) in _MEDIA_SUBTYPES:
        yield ActiveContent.MEDIA
    additional = dictionary.get(Name.AA)
    if isinstance(additional, pikepdf.Dictionary):
        for trigger in additional.values():
            if _is_action_that_acts(trigger):
                yield ActiveContent.OPEN_ACTION


def _is_action_that_acts(action: pikepdf.Object) -> bool:
    """True for an action dictionary that does more than show a page (a destination array only shows one)."""
    if isinstance(action, pikepdf.Array):
        return False
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = action.get(Name.S)
    if kind is None or str(kind) not in _HARMLESS_ACTIONS or str(kind) == "/URI":
        return True  # opening a web address by itself counts as acting
    follow = action.get(Name.Next)
    if isinstance(follow, pikepdf.Array):
        return any(_is_action_that_acts(item) for item in follow)
    return follow is not None and _is_action_that_acts(follow)


def _is_signed(pdf: pikepdf.Pdf) -> bool:
    acroform = pdf.Root.get(Name.AcroForm)
    if not isinstance(acroform, pikepdf.Dictionary):
        return False
    flags = acroform.get(Name.SigFlags)
    if flags is not None and int(flags) & 1:
        return True
    fields = acroform.get(Name.Fields)
    if isinstance(fields, pikepdf.Array):
        for field in fields:
            if isinstance(field, pikepdf.Dictionary) and field.get(Name.FT) == Name.Sig and Name.V in field:
                return True
    return False
