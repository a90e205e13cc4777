"""Open an untrusted image safely and make it upright, opaque and no larger than needed.

Pillow is held to :data:`~bot.documents.limits.MAX_IMAGE_PIXELS` (its decompression-bomb limit; a
larger declared size is refused before any pixel is decoded), and the memory converting an image takes
(size × channels × bit depth, with the working copies) to :data:`~bot.documents.limits.MAX_DECODE_BYTES`,
also checked before decoding. Transparency is flattened after scaling down, onto one white copy. Only
the plugin of the sniffed format is allowed to parse the bytes. JPEGs are decoded at a reduced scale
(``draft``) when the result is still large enough, which is also what keeps a 12-megapixel photo fast.
Every image leaves here re-encoded from pixels, so EXIF (location, camera) never reaches the platform.
"""

from __future__ import annotations

import io
import math
import struct
import threading
import warnings
from dataclasses import dataclass, field

from PIL import Image, UnidentifiedImageError
from PIL.ImageCms import ImageCmsProfile

from bot.documents.formats import FileFormat
from bot.documents.limits import A4_INCHES, MAX_DECODE_BYTES, MAX_DECODED_PIXELS, MAX_IMAGE_PIXELS
from bot.documents.notes import Note, NoteCode, Refusal, RefusalCode, Refused, decoded_too_large, image_too_large

_PIL_FORMATS = {FileFormat.JPEG: "JPEG", FileFormat.PNG: "PNG", FileFormat.HEIF: "HEIF"}
_EXIF_ORIENTATION = 0x0112
_EXIF_GPS_IFD = 0x8825
_EXIF_MAKE = 0x010F
_EXIF_MODEL = 0x0110
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_BROKEN_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError,
                  TypeError, struct.error)
_setup_lock = threading.Lock()
_setup_done = False


def configure_pillow() -> None:
    """Set Pillow's decompression-bomb limit and register the HEIF opener (once per process)."""
    global _setup_done
    with _setup_lock:
        if _setup_done:
            return
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
        import pillow_heif

        pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
        _setup_done = True


@dataclass
class DecodedImage:
    """An upright, opaque (RGB or L) image and what was done to get it."""

    image: Image.Image
    format: FileFormat
    original_size: tuple[int, int]
    """Width and height of the source, upright."""
    notes: list[Note] = field(default_factory=list)


def read_size(data: bytes, fmt: FileFormat) -> tuple[int, int]:
    """The declared (stored) size of an image, after the bomb check, without decoding pixels."""
    with _open(data, fmt) as image:
        return image.size


def decode_image(data: bytes, fmt: FileFormat, *, fit: tuple[int, int] | None = None) -> DecodedImage:
    """Decode ``data`` (already sniffed as ``fmt``) into an upright opaque image.

    ``fit`` is (long side, short side) in pixels: the image is scaled down, never up, to fit inside it
    in either orientation. Raises :class:`Refused` for bombs and broken files.
    """
    image = _open(data, fmt)
    try:
        return _decode(image, fmt, fit, data)
    except Refused:
        raise
    except MemoryError as exc:
        raise Refused(decoded_too_large(image.width * image.height)) from exc
    except _BROKEN_ERRORS as exc:
        raise Refused(Refusal.of(RefusalCode.BROKEN, format=fmt.value)) from exc
    finally:
        image.close()


def _open(data: bytes, fmt: FileFormat) -> Image.Image:
    configure_pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[fmt]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refused(image_too_large(_declared_pixels(str(exc)))) from exc
    except _BROKEN_ERRORS as exc:
        raise Refused(Refusal.of(RefusalCode.BROKEN, format=fmt.value)) from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        image.close()
        raise Refused(Refusal.of(RefusalCode.BROKEN, format=fmt.value))
    if width * height > MAX_IMAGE_PIXELS:  # also when another thread reset the warnings filter
        image.close()
        raise Refused(image_too_large(width * height))
    return image


_ONE_BYTE_MODES = frozenset({"1", "L", "P"})
_TWO_BYTE_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "LA", "PA", "La"})
_MB = 1024 * 1024


def decode_cost(image: Image.Image, fmt: FileFormat) -> int:
    """Bytes converting ``image`` (opened, not decoded) would take: Pillow's buffer, times the working
    copies its mode needs (transparency, 16-bit samples, palettes: 2.5), plus libheif's own buffer for HEIC."""
    pixels = image.width * image.height
    per_pixel = 1 if image.mode in _ONE_BYTE_MODES else 2 if image.mode in _TWO_BYTE_MODES else 4
    cost = pixels * per_pixel * (1 if image.mode in ("RGB", "L") else 2.5)
    if fmt is FileFormat.HEIF:
        cost += pixels * 3
    return int(cost)


def _check_cost(image: Image.Image, fmt: FileFormat, data: bytes) -> None:
    cost = decode_cost(image, fmt)
    if cost > MAX_DECODE_BYTES:
        bits = 16 if image.mode.startswith("I;16") else 8
        if fmt is FileFormat.PNG and len(data) > 25:
            bits = data[24]  # IHDR bit depth
        raise Refused(Refusal.of(RefusalCode.IMAGE_TOO_HEAVY, width=image.width, height=image.height,
                                 channels=len(image.getbands()), bits=bits, needed=round(cost / _MB),
                                 limit=round(MAX_DECODE_BYTES / _MB)))


def _declared_pixels(message: str) -> int:
    # Pillow: "Image size (N pixels) exceeds limit of M pixels, could be decompression bomb DOS attack."
    for word in message.replace("(", " ").split():
        if word.isdigit():
            return int(word)
    return MAX_IMAGE_PIXELS + 1


def _decode(image: Image.Image, fmt: FileFormat, fit: tuple[int, int] | None, data: bytes) -> DecodedImage:
    notes: list[Note] = []
    orientation = 1
    if fmt is not FileFormat.JPEG and image.width * image.height > MAX_DECODED_PIXELS:
        raise Refused(decoded_too_large(image.width * image.height))  # only JPEG can be decoded at a lower scale
    exif = _exif(image, fmt)
    if fmt is FileFormat.HEIF:
        # pillow-heif applies the HEIF rotation itself and resets the EXIF tag; it keeps the original value.
        if image.info.get("original_orientation") not in (None, 1):
            notes.insert(0, Note.of(NoteCode.ROTATED))
    else:
        value = exif.get(_EXIF_ORIENTATION, 1)
        orientation = value if isinstance(value, int) and value in _TRANSPOSE else 1
    if _EXIF_GPS_IFD in exif or _EXIF_MAKE in exif or _EXIF_MODEL in exif:
        notes.append(Note.of(NoteCode.METADATA_REMOVED))
    icc = image.info.get("icc_profile")
    swapped = orientation in (5, 6, 7, 8)
    stored_w, stored_h = image.size
    upright = (stored_h, stored_w) if swapped else (stored_w, stored_h)

    target = _fit_size(upright, fit) if fit else upright
    stored_target = (target[1], target[0]) if swapped else target
    if fmt is FileFormat.JPEG and stored_target != image.size:
        image.draft(None, stored_target)  # decode at 1/2, 1/4 or 1/8 scale when still >= target
    if image.width * image.height > MAX_DECODED_PIXELS:
        raise Refused(decoded_too_large(image.width * image.height))
    _check_cost(image, fmt, data)
    image.load()

    converted, flattened = _opaque(image, stored_target)
    if flattened:
        notes.append(Note.of(NoteCode.TRANSPARENCY_FLATTENED))
    if converted.size != stored_target:
        converted = converted.resize(stored_target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if isinstance(icc, bytes) and icc:
        converted = _to_srgb(converted, icc)
    if orientation != 1:
        converted = converted.transpose(_TRANSPOSE[orientation])
        notes.insert(0, Note.of(NoteCode.ROTATED))
    if converted is image:
        converted = image.copy()  # the file-backed image is closed by the caller
    return DecodedImage(converted, fmt, upright, notes)


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Convert from the embedded colour profile (e.g. Display P3 of iPhones) to sRGB, which a PDF's
    DeviceRGB and most viewers assume. Profiles that do not match the pixels, or do not parse, are ignored."""
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = profile.profile.xcolor_space.strip()
        if (space, image.mode) not in (("RGB", "RGB"), ("GRAY", "L")):
            return image
        if image.mode == "L":
            return image  # a grey profile changes only the tone curve slightly
        converted = ImageCms.profileToProfile(image, profile, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if isinstance(converted, Image.Image) else image


def _srgb() -> ImageCmsProfile:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _exif(image: Image.Image, fmt: FileFormat) -> Image.Exif:
    """The EXIF data, read without decoding pixels (Pillow's PNG ``getexif`` would load the whole image)."""
    if fmt is not FileFormat.PNG:
        return image.getexif()
    exif = Image.Exif()
    raw = image.info.get("exif")
    if isinstance(raw, bytes):
        exif.load(raw)
    return exif


def _fit_size(size: tuple[int, int], fit: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    long_side, short_side = fit
    box = (long_side, short_side) if width >= height else (short_side, long_side)
    scale = min(1.0, box[0] / width, box[1] / height)
    if scale > 0.97:  # scaling by less than 3% only blurs
        return size
    return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


def _opaque(image: Image.Image, target: tuple[int, int]) -> tuple[Image.Image, bool]:
    """RGB or L; transparency filled with white (a transparent screenshot would turn black otherwise).

    Transparent images are scaled to ``target`` first, so only the small copy is flattened; 16-bit grey
    keeps the high byte of each sample (one 8-bit copy, no 32-bit intermediate)."""
    mode = image.mode
    if mode in ("RGB", "L"):
        return image, False
    if mode in ("I;16", "I;16L", "I;16N"):
        return Image.frombytes("L", image.size, image.tobytes(), "raw", "L;16"), False
    if mode == "I;16B":
        return Image.frombytes("L", image.size, image.tobytes(), "raw", "L;16B"), False
    if mode == "I":
        return image.point(lambda v: v * (1 / 256)).convert("L"), False
    if mode == "F":
        return image.convert("L"), False
    if mode == "1":
        return image.convert("L"), False
    if mode == "P" and "transparency" not in image.info:
        return image.convert("RGB"), False
    if mode in ("RGBA", "LA", "PA", "P", "RGBa", "La"):
        rgba = image if mode in ("RGBA", "LA") else image.convert("RGBA")
        if rgba.size != target:
            rgba = rgba.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)  # premultiplied by Pillow
        alpha = rgba.getchannel("A")
        alpha_min = alpha.getextrema()[0]
        if isinstance(alpha_min, int) and alpha_min == 255:
            return rgba.convert("RGB"), False
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=alpha)
        return flat, True
    return image.convert("RGB"), False  # CMYK, YCbCr, LAB, HSV


def dpi_on_a4(size: tuple[int, int]) -> int:
    """Effective resolution of an image of ``size`` pixels fitted onto an A4 page of the same orientation."""
    width, height = size
    short_in, long_in = A4_INCHES
    page_w, page_h = (long_in, short_in) if width > height else (short_in, long_in)
    return round(max(width / page_w, height / page_h))


def size_for_dpi(size: tuple[int, int], dpi: float) -> tuple[int, int]:
    """The size an image must be scaled to (never up) to sit on an A4 page at ``dpi``."""
    short_in, long_in = A4_INCHES
    return _fit_size(size, (math.floor(long_in * dpi), math.floor(short_in * dpi)))
