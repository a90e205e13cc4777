"""The test corpus, generated (no binary files in the repository): what applicants really send, and worse.

Every maker is deterministic (seeded noise, fixed text), so sizes and measurements repeat across runs.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# -- the 12-megapixel phone photo of an A4 page -------------------------------------------------------

PHOTO_SIZE = (4000, 3000)
PAGE_BOX = (120, 170, 3880, 2829)  # the sheet of paper inside the frame: 3760 × 2659 px (A4 landscape, 1.414)
BARS_BOX = (600, 2300, 1400, 2500)  # a stroke target: vertical bars 0.25 mm wide, 0.5 mm apart
GLYPH_BOX = (270, 420, 3700, 470)  # one line of 9-pt text
PAPER = (236, 233, 226)
INK = (28, 28, 34)


def paper_mm_to_px() -> float:
    """Pixels per millimetre on the photographed sheet (297 mm across its long side)."""
    return (PAGE_BOX[2] - PAGE_BOX[0]) / 297


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _words(rnd: random.Random, count: int) -> str:
    return " ".join("".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9)))
                    for _ in range(count))


def _exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0132] = "2026:11:20 10:00:00"  # DateTime
    exif[0x0112] = orientation
    gps = {1: "N", 2: (25.0, 2.0, 0.0), 3: "E", 4: (121.0, 33.0, 0.0)}  # a location in Taipei
    exif[0x8825] = gps
    return exif.tobytes()


def phone_photo_image() -> Image.Image:
    """A sheet of A4 paper with printed text, photographed on a dark desk in warm light, with sensor noise."""
    rnd = random.Random(12)
    image = Image.new("RGB", PHOTO_SIZE, (64, 54, 46))
    draw = ImageDraw.Draw(image)
    draw.rectangle(PAGE_BOX, fill=PAPER)
    mm = paper_mm_to_px()
    title = _font(round(6 * mm))
    body = _font(round(3.175 * mm))  # 9 pt: an em of 3.175 mm
    draw.text((PAGE_BOX[0] + 150, PAGE_BOX[1] + 90), "EMPLOYMENT CERTIFICATE", fill=INK, font=title)
    y = GLYPH_BOX[1]
    while y < BARS_BOX[1] - 80:
        draw.text((PAGE_BOX[0] + 150, y), _words(rnd, 30), fill=INK, font=body)
        y += round(5.5 * mm)
    stroke, gap = round(0.25 * mm), round(0.5 * mm)
    x = BARS_BOX[0]
    while x + stroke <= BARS_BOX[2]:
        draw.rectangle((x, BARS_BOX[1], x + stroke - 1, BARS_BOX[3]), fill=INK)
        x += stroke + gap
    # a red seal, which must keep its colour
    draw.ellipse((3000, 2200, 3400, 2600), outline=(200, 30, 30), width=round(1.2 * mm))
    image = image.filter(ImageFilter.GaussianBlur(0.8))  # lens softness
    noise = Image.effect_noise(PHOTO_SIZE, 28)
    return Image.blend(image, Image.merge("RGB", (noise, noise, noise)), 0.06)


def phone_photo(image: Image.Image | None = None) -> bytes:
    buffer = io.BytesIO()
    (image or phone_photo_image()).save(buffer, "JPEG", quality=93, exif=_exif(), subsampling=0)
    return buffer.getvalue()


# -- the rotated photo (EXIF orientation 6) ----------------------------------------------------------

ROTATED_STORED = (1600, 1200)
MARKER = (255, 0, 0)


def rotated_photo() -> bytes:
    """Stored landscape with orientation 6 (turn 90° clockwise to show): a portrait page when upright.

    A red square sits at the stored top-left corner, so upright it must be at the top-right.
    """
    image = Image.new("RGB", ROTATED_STORED, (240, 240, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 199, 199), fill=MARKER)
    for row in range(8):
        draw.text((300, 250 + row * 100), "rotated page line", fill=(0, 0, 0), font=_font(40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=_exif(orientation=6))
    return buffer.getvalue()


# -- HEIC ------------------------------------------------------------------------------------------------


def heic_photo() -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    image = Image.new("RGB", (900, 1200), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    for row in range(12):
        draw.text((60, 80 + row * 80), f"HEIC page, line {row}", fill=(10, 10, 10), font=_font(36))
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=70)
    return buffer.getvalue()


# -- PDFs ----------------------------------------------------------------------------------------------

SCAN_PAGES = 30
SCAN_SIZE = (1654, 2339)  # A4 at 200 DPI


def _scan_page(seed: int) -> Image.Image:
    rnd = random.Random(seed)
    page = Image.new("L", SCAN_SIZE, 247)
    draw = ImageDraw.Draw(page)
    font = _font(26)  # ~9.4 pt at 200 DPI
    draw.text((150, 140), "CONTRACT OF EMPLOYMENT", fill=20, font=_font(48))
    for row in range(32):  # a contract page: 32 lines of 9-pt text, 1.5 line spacing
        draw.text((150, 300 + row * 60), _words(rnd, 12), fill=25, font=font)
    noise = Image.effect_noise(SCAN_SIZE, 20)
    return Image.blend(page, noise, 0.03).filter(ImageFilter.GaussianBlur(0.5))


def scanned_pdf(pages: int = SCAN_PAGES) -> bytes:
    """A grey 200-DPI scan of a contract, one JPEG per A4 page (well over 1024 KB)."""
    bases = [_scan_page(seed) for seed in range(min(3, pages))]
    pdf = pikepdf.new()
    for number in range(pages):
        page = bases[number % len(bases)].copy()
        ImageDraw.Draw(page).text((800, 2250), f"- {number + 1} -", fill=20, font=_font(26))
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=80)
        image = pikepdf.Stream(pdf, buffer.getvalue())
        image.Type, image.Subtype = Name.XObject, Name.Image
        image.Width, image.Height = SCAN_SIZE
        image.ColorSpace, image.BitsPerComponent, image.Filter = Name.DeviceGray, 8, Name.DCTDecode
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, 595.28, 841.89]),
            Resources=Dictionary(XObject=Dictionary(Im0=image)),
            Contents=pikepdf.Stream(pdf, b"q 595.28 0 0 841.89 0 0 cm /Im0 Do Q")))))
    return _save(pdf)


def text_pdf(extra: dict[str, pikepdf.Object] | None = None, *, pages: int = 1) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    for number in range(pages):
        content = f"BT /F1 14 Tf 72 770 Td (Certificate of employment, page {number + 1}) Tj ET".encode()
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, 595.28, 841.89]),
            Resources=Dictionary(Font=Dictionary(F1=font)), Contents=pikepdf.Stream(pdf, content)))))
    for key, value in (extra or {}).items():
        pdf.Root[key] = value
    return pdf


def _save(pdf: pikepdf.Pdf, **options: object) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def plain_pdf() -> bytes:
    return _save(text_pdf(pages=2))


def encrypted_pdf() -> bytes:
    return _save(text_pdf(), encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))


def restricted_pdf() -> bytes:
    """Opens without a password but forbids copying: common for bank and tax statements."""
    return _save(text_pdf(), encryption=pikepdf.Encryption(owner="owner-secret", user="",
                                                           allow=pikepdf.Permissions(extract=False)))


def javascript_pdf() -> bytes:
    return _save(text_pdf({"/OpenAction": Dictionary(S=Name.JavaScript, JS=String("app.alert('hello');"))}))


def launch_pdf() -> bytes:
    pdf = text_pdf()
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("calc.exe")))
    return _save(pdf)


def embedded_file_pdf() -> bytes:
    pdf = text_pdf()
    pdf.attachments["payload.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden")  # type: ignore[call-arg]
    return _save(pdf)


def harmless_open_action_pdf() -> bytes:
    """Opens on page 1 fitted to the window: what many PDF writers add; nothing runs."""
    pdf = text_pdf()
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
    return _save(pdf)


def xfa_pdf() -> bytes:
    pdf = text_pdf()
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pikepdf.Stream(pdf, b"<xdp:xdp/>"))
    return _save(pdf)


# -- wrong files -------------------------------------------------------------------------------------


def png_bytes(size: tuple[int, int] = (800, 1100), mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, (250, 250, 250) if mode == "RGB" else 250)
    ImageDraw.Draw(image).text((50, 50), "a screenshot of a certificate", fill=0 if mode == "L" else (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def transparent_png() -> bytes:
    image = Image.new("RGBA", (600, 800), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((50, 50), "signature on transparent background", fill=(0, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("passport.jpg", b"\xff\xd8\xff not really")
    return buffer.getvalue()


def docx_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` × ``height`` (a decompression bomb if decoded)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def windows_program() -> bytes:
    return b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode."


def webp_image() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 200, 10)).save(buffer, "WEBP")
    return buffer.getvalue()


def id_photo(size: tuple[int, int], background: tuple[int, int, int]) -> bytes:
    """A head-and-shoulders portrait on a plain background."""
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.15, width * 0.7, height * 0.62), fill=(224, 180, 150))  # face
    draw.rectangle((width * 0.15, height * 0.7, width * 0.85, height), fill=(40, 50, 70))  # shoulders
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


@dataclass(frozen=True)
class Corpus:
    """The generated files, by the name a user's phone would give them."""

    files: dict[str, bytes]
    phone_image: Image.Image

    def __getitem__(self, name: str) -> bytes:
        return self.files[name]


def build() -> Corpus:
    image = phone_photo_image()
    files = {
        "phone_12mp.jpg": phone_photo(image),
        "rotated.jpg": rotated_photo(),
        "photo.heic": heic_photo(),
        "scan_30_pages.pdf": scanned_pdf(),
        "encrypted.pdf": encrypted_pdf(),
        "restricted.pdf": restricted_pdf(),
        "javascript.pdf": javascript_pdf(),
        "launch.pdf": launch_pdf(),
        "attachment.pdf": embedded_file_pdf(),
        "open_on_page_one.pdf": harmless_open_action_pdf(),
        "xfa.pdf": xfa_pdf(),
        "letter.pdf": plain_pdf(),
        "screenshot.pdf": png_bytes(),  # a PNG named .pdf
        "passport.jpg": zip_file(),  # a ZIP named .jpg
        "bomb.png": png_declaring(100_000, 100_000),
        "empty.pdf": b"",
    }
    return Corpus(files, image)
