"""Open an untrusted PDF and refuse what the platform or a reviewer's viewer must not get.

Refused: files that need a password to open (the platform refuses encrypted files), JavaScript,
Launch actions, embedded files, actions that run by themselves on opening (an ``/OpenAction`` or
``/AA`` other than "show this page"), XFA forms and embedded media. Every object of the file is
walked, including ones nothing points to. A PDF that opens without a password but carries copy/print
restrictions is accepted and saved again without them (noted to the user).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from bot.documents.formats import FileFormat
from bot.documents.limits import MAX_PDF_PAGES
from bot.documents.notes import ActiveContent, Refusal, RefusalCode, Refused

_HARMLESS_ACTIONS = frozenset({"/GoTo", "/URI", "/Named", "/Thread", "/SetOCGState", "/Trans"})
_LAUNCHING_ACTIONS = frozenset({"/Launch", "/GoToE", "/ImportData", "/RichMediaExecute"})
_MEDIA_SUBTYPES = frozenset({"/RichMedia", "/3D", "/Movie", "/Sound", "/Screen"})
_MAX_WALK_DEPTH = 64


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
