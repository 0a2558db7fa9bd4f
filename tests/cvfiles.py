"""Files a colleague might offer, made in the test: LinkedIn-format exports, PDF (written
by hand, a real PDF with a text layer or with none), Word (.docx, by python-docx), and
hostile ones (zip bomb, a path out of the archive, password, corrupt)."""

from __future__ import annotations

import csv
import io
import zipfile

POSITIONS = [
    {"Company Name": "Gemeente Utrecht", "Title": "Data-analist", "Location": "Utrecht",
     "Description": "Dashboards bouwen in Power BI en analyses met SQL en Python voor het sociaal domein. "
                    "Verantwoordelijk voor de AVG-toets van nieuwe datasets.",
     "Started On": "Mar 2021", "Finished On": ""},
    {"Company Name": "Rijkswaterstaat", "Title": "Beleidsmedewerker", "Location": "Den Haag",
     "Description": "Beleidsadvies en stakeholdermanagement rond klimaatadaptatie.",
     "Started On": "Jan 2017", "Finished On": "Feb 2021"},
]
SKILLS = ["Data-analyse", "Tableau", "Projectmanagement"]
LANGUAGES = [{"Name": "Dutch", "Proficiency": "Native or bilingual proficiency"},
             {"Name": "English", "Proficiency": "Full professional proficiency"}]
CERTIFICATIONS = [{"Name": "Professional Scrum Master I", "Url": "", "Authority": "Scrum.org",
                   "Started On": "Jun 2022", "Finished On": "", "License Number": ""}]
PROFILE = [{"First Name": "Fatima", "Last Name": "El Amrani", "Maiden Name": "", "Address": "",
            "Birth Date": "", "Headline": "Data-analist bij Gemeente Utrecht",
            "Summary": "Ik maak data bruikbaar voor beleid. Ik wil graag leren werken met machine learning.",
            "Industry": "Government Administration", "Zip Code": "", "Geo Location": "Utrecht"}]
EDUCATION = [{"School Name": "Universiteit Utrecht", "Start Date": "2011", "End Date": "2015",
              "Notes": "", "Degree Name": "MSc Bestuurskunde", "Activities": ""}]


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def linkedin_zip(parts: tuple[str, ...] = ("Profile", "Positions", "Skills", "Languages", "Certifications",
                                           "Education"), notes: bool = False, extra: dict | None = None) -> bytes:
    """A LinkedIn data export as LinkedIn writes it (only the `parts` asked: a partial one)."""
    tables = {"Profile": PROFILE, "Positions": POSITIONS, "Skills": [{"Name": s} for s in SKILLS],
              "Languages": LANGUAGES, "Certifications": CERTIFICATIONS, "Education": EDUCATION}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            data = _csv(tables[part])
            if notes:
                data = b"Notes:\n\"Some of your data may be missing.\"\n\n" + data
            archive.writestr(f"{part}.csv", data)
        archive.writestr("Connections.csv", "First Name,Last Name\nJan,Jansen\n")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_of(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """Skills.csv that unpacks from a few kB into 50 MB."""
    return zip_of({"Skills.csv": b"Name\n" + b"A" * 50_000_000})


def zip_traversal() -> bytes:
    return zip_of({"Skills.csv": b"Name\nSQL\n", "../../etc/cron.d/evil": b"* * * * * root true\n"})


def zip_encrypted() -> bytes:
    """A member flagged as encrypted (what a password-protected ZIP has)."""
    data = bytearray(zip_of({"Skills.csv": b"Name\nSQL\n"}, zipfile.ZIP_STORED))
    # general purpose bit 0 in the local header (offset 6) and the central directory (offset 8)
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return bytes(data)


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str] | None = None, pages: int = 1, image_only: bool = False) -> bytes:
    """A real PDF (Helvetica, WinAnsi): `lines` of text on each page, or a page with only a
    drawn rectangle (a scan has no text layer either)."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font_id = 3 + 2 * pages
    for i in range(pages):
        if image_only:
            stream = b"0.5 g 50 50 400 600 re f"
        else:
            body = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
            for line in lines or []:
                body.append(f"({_pdf_string(line)}) Tj T*")
            body.append("ET")
            stream = "\n".join(body).encode("cp1252")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
                       f"{font_id} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def encrypted_pdf(lines: list[str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf(lines))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="geheim", owner_password="nog-geheimer")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CV_LINES = [
    "Curriculum vitae - Bram de Vries",
    "Profiel",
    "Ervaren beleidsadviseur met oog voor data en participatie.",
    "Werkervaring",
    "2019 - heden  Beleidsadviseur bij Gemeente Amersfoort",
    "Beleidsadvies over de Omgevingswet en de Wmo; gespreksleiding bij participatie-avonden.",
    "2015 - 2019  Projectmedewerker bij Provincie Utrecht",
    "Projectleiding subsidies en contractmanagement.",
    "Vaardigheden",
    "Excel, stakeholdermanagement, Scrum, schrijven op B1-taalniveau",
    "Talen",
    "Nederlands (moedertaal), Engels (vloeiend), Duits (goed)",
    "Ambitie",
    "Ik wil graag leren werken met Power BI.",
]
