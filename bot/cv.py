"""A full profile in a minute: a proposal from a LinkedIn export, a CV or pasted CV text,
confirmed item by item by its owner before anything is stored.

`offer_file` / `offer_text` read what was offered (`bot.cv_read`: in memory, never stored
or logged) and answer with a proposal: a job title (the current position), skills (listed
ones, and skill terms recognised in positions, certificates and CV text against the
pool's vocabulary and the lexicon's skill words, each with where it was found),
languages and what they may want to learn. The proposal travels in the buttons it comes
with, not in the database. `press` opens the checkbox form (`cv_choose`) or keeps the
proposal, less what the person drops in words (`cv_keep`: "zonder 3 5 plus Excel uren 8");
`submit` takes the form. What is confirmed goes through `people.update_profile`, the
same checks as a typed profile edit.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from sqlmodel import select

from bot import cv_read, hr_import, matching, nudge, people
from bot.cv_read import Document, Unreadable
from bot.i18n import Join, T
from bot.lexicon import fold
from bot.port import Card, Choice, Form, FormErrors, FormField, Reply
from storage import queries as q
from storage.db import transaction
from storage.models import Klus, Profile

if TYPE_CHECKING:
    from bot.core import Actor, Core

DATA = Path(__file__).resolve().parent / "data"
MAX_SKILLS = 20  # proposed at most (a profile holds 30 terms)
MAX_LANGUAGES = 6
MAX_WANTS = 5
GROUP = 10  # checkboxes per group (Slack's limit for one checkbox element)
MAX_BLOB = 1500  # characters of the proposal carried in a button (Slack: 2000; its ask modal keeps it with the
# message text in 3,000 characters of metadata)
MAX_TERM = 60  # as a typed profile edit allows
# Words of the lexicon's skill sets too general to propose on their own.
GENERIC = {"data", "gegevens", "informatie", "information", "management", "leiding", "verandering", "change",
           "proces", "process", "ontwikkeling", "development", "advies", "advice", "juridisch", "juridische",
           "legal", "analyse", "analysis", "visualisatie", "onderhoud", "herstel", "word", "controle", "zorg",
           "training", "planning", "veiligheid", "safety", "security", "onderwijs", "education", "beleid",
           "research", "onderzoek", "reparatie", "grant", "budget", "editing", "writing", "schrijven"}
LANGUAGES = {  # LinkedIn and CVs name languages in Dutch or English; the profile keeps Dutch
    "nederlands": "Nederlands", "dutch": "Nederlands", "engels": "Engels", "english": "Engels",
    "duits": "Duits", "german": "Duits", "frans": "Frans", "french": "Frans", "spaans": "Spaans",
    "spanish": "Spaans", "italiaans": "Italiaans", "italian": "Italiaans", "portugees": "Portugees",
    "portuguese": "Portugees", "arabisch": "Arabisch", "arabic": "Arabisch", "turks": "Turks",
    "turkish": "Turks", "pools": "Pools", "polish": "Pools", "russisch": "Russisch", "russian": "Russisch",
    "oekraiens": "Oekraïens", "ukrainian": "Oekraïens", "chinees": "Chinees", "chinese": "Chinees",
    "mandarijn": "Chinees", "mandarin": "Chinees", "japans": "Japans", "japanese": "Japans",
    "papiaments": "Papiaments", "papiamento": "Papiaments", "fries": "Fries", "frisian": "Fries",
    "gebarentaal": "Nederlandse Gebarentaal", "ngt": "Nederlandse Gebarentaal", "sign language": "Gebarentaal",
    "roemeens": "Roemeens", "romanian": "Roemeens", "grieks": "Grieks", "greek": "Grieks",
    "hindi": "Hindi", "urdu": "Urdu", "perzisch": "Perzisch", "farsi": "Perzisch", "persian": "Perzisch",
    "koerdisch": "Koerdisch", "kurdish": "Koerdisch", "somalisch": "Somalisch", "somali": "Somalisch",
    "tigrinya": "Tigrinya", "berbers": "Berbers", "tamazight": "Berbers", "sranantongo": "Sranantongo",
    "bulgaars": "Bulgaars", "bulgarian": "Bulgaars", "hongaars": "Hongaars", "hungarian": "Hongaars",
    "zweeds": "Zweeds", "swedish": "Zweeds", "deens": "Deens", "danish": "Deens", "noors": "Noors",
    "norwegian": "Noors", "fins": "Fins", "finnish": "Fins", "tsjechisch": "Tsjechisch", "czech": "Tsjechisch",
    "indonesisch": "Indonesisch", "indonesian": "Indonesisch", "vietnamees": "Vietnamees",
    "vietnamese": "Vietnamees", "hebreeuws": "Hebreeuws", "hebrew": "Hebreeuws", "kroatisch": "Kroatisch",
    "croatian": "Kroatisch", "servisch": "Servisch", "serbian": "Servisch", "bosnisch": "Bosnisch",
    "bosnian": "Bosnisch", "albanees": "Albanees", "albanian": "Albanees",
}
# Section headings of a CV, by what follows them.
SECTIONS = {
    "skills": ("vaardigheden", "skills", "competenties", "competences", "competencies", "kennis", "expertise",
               "kennis en vaardigheden", "software", "tools", "ict", "ict-vaardigheden", "specialismen",
               "kerncompetenties", "key skills", "technical skills", "core skills"),
    "languages": ("talen", "talenkennis", "languages", "taalvaardigheid"),
    "wants": ("ambitie", "ambities", "ontwikkelwensen", "ontwikkelpunten", "wil leren", "leerdoelen",
              "learning goals", "ambitions", "ontwikkeling", "persoonlijke ontwikkeling", "interesses"),
    "work": ("werkervaring", "ervaring", "loopbaan", "work experience", "experience", "employment",
             "arbeidsverleden", "carrière", "carriere", "professional experience"),
    "education": ("opleiding", "opleidingen", "education", "cursussen", "courses", "certificaten",
                  "certificeringen", "certifications", "trainingen"),
    "profile": ("profiel", "profile", "over mij", "about me", "samenvatting", "summary", "persoonlijk profiel"),
}
_HEADING = {fold(word): kind for kind, words in SECTIONS.items() for word in words}
_WANT_PHRASE = re.compile(r"\b(wil (graag )?(leren|me (verder )?ontwikkelen|groeien|verdiepen)|ambieer|"
                          r"(would|'d) like to learn|want to learn|eager to learn|ontwikkelwens|leerdoel)", re.I)
_NOW = re.compile(r"\b(heden|nu|present|now|current|huidig|tot op heden|to date|today)\b", re.I)
_DATE_BITS = re.compile(r"\b((19|20)\d\d|jan|feb|mrt|maa|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec)\w*\.?"
                        r"|\b\d{1,2}[-/]\d{4}\b|\b(heden|nu|present|now|current|huidig|tot op heden|to date)\b", re.I)
_TITLE_LINE = re.compile(r"^\s*(huidige functie|functie|functietitel|current position|job title|position)\s*[:\-]\s*(.+)$",
                         re.I)
_BULLET = re.compile(r"^\s*[-•*·▪◦‣–]\s*")


ORIGINS = {"li_skills", "li_position", "li_headline", "li_cert", "li_profile", "li_education", "li_languages",
           "cv", "text"}  # where a term was found (messages cv.from.*)


@dataclass
class Item:
    kind: str  # skill | lang | want
    term: str
    origin: str  # a cv.from.* key (without the prefix)
    detail: str = ""  # e.g. the position the term was found in

    def where(self) -> T:
        return where(self.origin, self.detail)


def where(origin: str, detail: str) -> T:
    """'LinkedIn: functie Data-analist – Gemeente Utrecht', or 'cv' without a detail."""
    return T(f"cv.from.{origin}", what=detail) if detail else T(f"cv.from.{origin}.bare")


@dataclass
class Proposal:
    title: str = ""
    title_origin: str = ""
    title_detail: str = ""
    items: list[Item] = field(default_factory=list)

    def of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def encode(self) -> str:
        """The proposal, packed small enough for a button's value (the lowest ranked
        skills give way if it is not)."""
        items = list(self.items)
        while True:
            raw = json.dumps({"t": [self.title, self.title_origin, self.title_detail],
                              "i": [[i.kind, i.term, i.origin, i.detail] for i in items]},
                             ensure_ascii=False, separators=(",", ":"))
            blob = base64.urlsafe_b64encode(zlib.compress(raw.encode(), 9)).decode()
            if len(blob) <= MAX_BLOB or not items:
                return blob
            skills = [n for n, i in enumerate(items) if i.kind == "skill"]
            items.pop(skills[-1] if skills else -1)

    @classmethod
    def decode(cls, blob: str) -> "Proposal | None":
        """Untrusted (it came back from the platform): None unless it is well formed."""
        try:
            inflater = zlib.decompressobj()
            raw = inflater.decompress(base64.urlsafe_b64decode(str(blob or "")[:4000].encode()), 20_000)
            data = json.loads(raw)
            title = [str(x)[:200] for x in data["t"]][:3]
            items = [Item(*(str(x)[:200] for x in row[:4])) for row in data["i"][:60]]
        except Exception:
            return None
        items = [i for i in items if i.kind in ("skill", "lang", "want") and i.term.strip() and i.origin in ORIGINS]
        title = (title + ["", "", ""])[:3]
        if title[1] not in ORIGINS:
            title = ["", "", ""]
        return cls(*title, items=items)


# --- the vocabulary a text is read against -------------------------------------------------

def _shipped_skills() -> list[str]:
    path = DATA / "skills.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _lexicon_skills() -> list[str]:
    """The skill words of the lexicon's synonym list (its sections before the job words)."""
    path = DATA / "synonyms.tsv"
    if not path.exists():
        return []
    terms: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# --- job words"):
            break
        if line.startswith("#"):
            continue
        for member in (m.strip() for m in line.split("\t")):
            if member and fold(member) not in GENERIC and (len(member) >= 3 or member.isupper()):
                terms.append(member)
    return terms


_STATIC = _shipped_skills() + _lexicon_skills()


def vocabulary(service: "Core") -> list[str]:
    """The pool's skill terms (profiles, klussen), the shipped list and the lexicon's."""
    with transaction(service.engine) as s:
        texts = q.known_skill_terms(s) + [k for k in s.exec(select(Klus.skills).where(Klus.skills != "")).all()]
    terms = _STATIC + [t for text in texts for t in matching.split_terms(text)]
    return [t for t in dict.fromkeys(terms) if len(t) <= MAX_TERM and fold(t) not in GENERIC]


class Recogniser:
    """Known terms in free text: every run of one to four words compared whole with the
    vocabulary (case, accents, hyphens and spaces folded). Short terms (abbreviations like
    AVG, BIO) count only where written in capitals."""

    def __init__(self, terms: Iterable[str]):
        self.by_key: dict[str, str] = {}
        for term in terms:
            key = matching.compact(term)
            if len(key) >= 2 and not key.isdigit():
                self.by_key.setdefault(key, term.strip())

    def find(self, text: str) -> list[str]:
        found: list[str] = []
        for line in (text or "").splitlines():
            words = [w for w in re.split(r"[^\w+#]+", line) if w]
            folded = [fold(w).replace(" ", "") for w in words]
            covered: set[int] = set()
            for size in (4, 3, 2, 1):
                for start in range(len(words) - size + 1):
                    span = range(start, start + size)
                    if covered.intersection(span):
                        continue
                    term = self.by_key.get("".join(folded[start:start + size]))
                    if term is None:
                        continue
                    if len(matching.compact(term)) <= 3 and not any(c.isupper() or c.isdigit()
                                                                   for w in words[start:start + size] for c in w):
                        continue  # "bag", "ind": words, not BAG or IND
                    covered.update(span)
                    if term not in found:
                        found.append(term)
        return found


# --- making the proposal ---------------------------------------------------------------------

class _Collector:
    def __init__(self, recogniser: Recogniser):
        self.recogniser = recogniser
        self.items: list[Item] = []
        self.keys: set[tuple[str, str]] = set()

    def add(self, kind: str, term: str, origin: str, detail: str = "") -> None:
        term = re.sub(r"\s+", " ", re.sub(r"[,;|]", " ", term or "")).strip(" .:-–•*")
        if not term or len(term) > MAX_TERM or not re.search(r"\w", term):
            return
        key = matching.compact(term)
        if (kind, key) in self.keys or ("skill", key) in self.keys or ("lang", key) in self.keys \
                or (kind == "skill" and ("want", key) in self.keys):  # a wish is not yet a skill
            return
        self.keys.add((kind, key))
        self.items.append(Item(kind, term, origin, detail[:60]))

    def recognise(self, text: str, origin: str, detail: str = "", kind: str = "skill") -> None:
        for term in self.recogniser.find(text):
            self.add(kind, term, origin, detail)


def propose(service: "Core", doc: Document) -> Proposal:
    found = _Collector(Recogniser(vocabulary(service)))
    proposal = Proposal()
    if doc.source == "linkedin":
        _from_linkedin(doc, proposal, found)
    else:
        _from_text(doc.text, proposal, found, "cv" if doc.source in ("pdf", "docx") else "text")
    skills = [i for i in found.items if i.kind == "skill"][:MAX_SKILLS]
    langs = [i for i in found.items if i.kind == "lang"][:MAX_LANGUAGES]
    wants = [i for i in found.items if i.kind == "want"][:MAX_WANTS]
    proposal.items = skills + langs + wants
    return proposal


def _from_linkedin(doc: Document, proposal: Proposal, found: _Collector) -> None:
    current = [p for p in doc.positions if p.current] or doc.positions[:1]
    if current:
        proposal.title, proposal.title_origin, proposal.title_detail = current[0].title[:100], "li_position", \
            current[0].company
    elif doc.headline:
        proposal.title, proposal.title_origin = re.split(r"\s+(?:bij|at|@|\|)\s+", doc.headline)[0][:100], "li_headline"
    for skill in doc.skills:
        found.add("skill", skill, "li_skills")
    for position in doc.positions:
        where = " – ".join(filter(None, (position.title, position.company)))
        found.recognise(f"{position.title}\n{position.description}", "li_position", where)
    for certificate in doc.certifications:
        found.recognise(certificate, "li_cert", certificate)
    _wants_in(f"{doc.headline}\n{doc.summary}", found, "li_profile")
    found.recognise(f"{doc.headline}\n{doc.summary}", "li_profile")
    for line in doc.education:
        found.recognise(line, "li_education", line)
    for name, proficiency in doc.languages:
        language = LANGUAGES.get(fold(name))
        found.add("lang", language or name, "li_languages", proficiency)


def _wants_in(text: str, found: _Collector, origin: str) -> None:
    for line in re.split(r"(?<=[.!?])\s+|\n", text or ""):
        if _WANT_PHRASE.search(line):
            found.recognise(line, origin, kind="want")


def _from_text(text: str, proposal: Proposal, found: _Collector, origin: str) -> None:
    section = ""
    sections: list[tuple[str, str]] = []  # (section, line)
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = _HEADING.get(fold(line.rstrip(":")))
        if heading and len(line) <= 40:
            section = heading
            continue
        sections.append((section, line))
    proposal.title = _title_in(sections)[:100]
    if proposal.title:
        proposal.title_origin, proposal.title_detail = origin, _section_name("work")
    for section, line in sections:  # listed skills and languages first, as LinkedIn's
        if section == "languages":
            for word in re.split(r"[,;/()•·\-–:]|\s+", line):
                language = LANGUAGES.get(fold(word))
                if language:
                    found.add("lang", language, origin, _section_name(section))
        elif section == "skills":
            known = found.recogniser.find(line)
            for term in known:
                found.add("skill", term, origin, _section_name(section))
            for part in re.split(r"[,;•·|]|\s+[-–]\s+", _BULLET.sub("", line)):
                part = part.strip(" .:")
                if part and not known and 2 <= len(part) <= 40 and len(part.split()) <= 4 and ":" not in part:
                    found.add("skill", part, origin, _section_name(section))
    for section, line in sections:
        if section == "wants" or _WANT_PHRASE.search(line):
            found.recognise(line, origin, _section_name("wants"), kind="want")
    for section, line in sections:
        if section not in ("languages", "wants"):
            found.recognise(line, origin, _section_name(section))


def _section_name(section: str) -> str:
    return SECTIONS[section][0] if section in SECTIONS else ""


def _title_in(sections: list[tuple[str, str]]) -> str:
    for _, line in sections:
        m = _TITLE_LINE.match(line)
        if m:
            return m.group(2).strip()
    for n, (section, line) in enumerate(sections):
        if section == "work" and _NOW.search(line):
            title = _title_part(line)
            if not title and n + 1 < len(sections):
                title = _title_part(sections[n + 1][1])
            if title:
                return title
    return ""


def _title_part(line: str) -> str:
    rest = _DATE_BITS.sub(" ", _BULLET.sub("", line))
    pieces = [p.strip(" .:-–—,|()") for p in re.split(r"\s+(?:bij|at|@)\s+|\s[-–—|]\s|,|\|", rest)]
    pieces = [p for p in pieces if re.search(r"[^\W\d]{3}", p)]
    return re.sub(r"\s+", " ", pieces[0]) if pieces and len(pieces[0]) <= 80 else ""


# --- what the person sees ------------------------------------------------------------------

def attachment(service: "Core", actor: "Actor", name: str, size: int | None,
               download: Callable[[int], bytes], kinds: "tuple[str, ...] | list[str]" = ()) -> Reply:
    """A file dropped in the bot's DM: a LinkedIn export or CV → a proposal; an admin's CSV
    of profiles (or .txt, as before) → the office's import; anything else → what we read."""
    kind = cv_read.kind_of(name, kinds)
    lowered = (name or "").strip().lower()
    if kind in ("pdf", "docx", "zip", "doc"):
        return offer_file(service, actor, name, size, download, kinds)
    if lowered.endswith((".csv", ".tsv")) or (hr_import.is_csv(name, kinds) and service.is_admin(actor)):
        return hr_import.import_attachment(service, actor, name, size, download, kinds)
    if kind == "text":  # a colleague's CV as plain text
        return offer_file(service, actor, name, size, download, kinds)
    if hr_import.is_csv(name, kinds):
        return hr_import.import_attachment(service, actor, name, size, download, kinds)
    return Reply.of(actor.lang, T("import.not_csv_or_cv", name=(name or "").strip()[:200] or "?"))


def offer_file(service: "Core", actor: "Actor", name: str, size: int | None,
               download: Callable[[int], bytes], kinds: "tuple[str, ...] | list[str]" = ()) -> Reply:
    """A file dropped in the DM (or named in the terminal): read in memory, proposed, gone."""
    if size is not None and size > cv_read.MAX_FILE_BYTES:
        return Reply.of(actor.lang, T("cv.err.too_big", mb=cv_read.MAX_FILE_BYTES // 1_000_000), T("cv.gone"))
    try:
        data = download(cv_read.MAX_FILE_BYTES + 1)
    except hr_import.FetchError as exc:
        return Reply.of(actor.lang, exc.message)
    except Exception as exc:  # the platform's own errors: told without a trace, the file unnamed
        return Reply.of(actor.lang, T("import.err.fetch", reason=type(exc).__name__))
    try:
        doc = cv_read.read(name, data, kinds)
    except Unreadable as exc:
        return Reply.of(actor.lang, exc.message, T("cv.gone"), T("cv.what"))
    finally:
        del data
    return _proposal_reply(service, actor, doc)


def offer_text(service: "Core", actor: "Actor", text: str) -> Reply:
    """CV text pasted into a message (or after `cv` in the terminal)."""
    if len(re.sub(r"\W", "", text or "")) < cv_read.MIN_TEXT:
        return Reply.of(actor.lang, T("cv.err.short"), T("cv.what"))
    return _proposal_reply(service, actor, cv_read.from_text(text))


def _proposal_reply(service: "Core", actor: "Actor", doc: Document) -> Reply:
    proposal = propose(service, doc)
    if not proposal.title and not proposal.items:
        return Reply.of(actor.lang, T("cv.nothing"), T("cv.gone"), T("cv.what"))
    with transaction(service.engine) as s:
        new = s.exec(select(Profile.id).where(Profile.person_id == actor.id)).first() is None
    return Reply([card(proposal, new)], actor.lang)


def card(proposal: Proposal, new: bool = False) -> Card:
    """The proposal, numbered: what was found and where; nothing is stored yet. For a new
    profile it says it will be visible (the opt-in is saying yes to that)."""
    lines: list[T] = [T("cv.read_and_gone")]
    if proposal.title:
        lines.append(T("cv.line_title", n=1, title=proposal.title,
                       where=where(proposal.title_origin, proposal.title_detail)))
    n = 1 if proposal.title else 0
    for kind in ("skill", "lang", "want"):
        for item in proposal.of(kind):
            n += 1
            lines.append(T(f"cv.line_{kind}", n=n, term=item.term, where=item.where()))
    if new:
        lines.append(T("cv.visible_new"))
    blob = proposal.encode()
    return Card(title=T("cv.title"), text=lines, note=T("cv.not_stored"), choices=[
        Choice("cv_choose", blob, T("btn.cv_choose"), "primary"),
        Choice("cv_keep", blob, T("btn.cv_keep"), ask=T("ask.cv_keep")),
        Choice("noop", "", T("btn.cv_none")),
    ])


def form(service: "Core", actor: "Actor", proposal: Proposal) -> Form:
    """Checkboxes, all ticked: untick what is not right; add more; hours and visibility."""
    with transaction(service.engine) as s:
        profile = s.exec(select(Profile).where(Profile.person_id == actor.id)).first()
    fields = [FormField("job_title", T("field.job_title"), initial=proposal.title or (profile.job_title if profile
                                                                                       else ""), max_length=100,
                        hint=T("hint.cv_title"))]
    groups = (("skill", "cv_skills", T("field.skills")), ("lang", "cv_langs", T("field.cv_languages")),
              ("want", "cv_wants", T("field.wants")))
    for kind, name, label in groups:
        items = proposal.of(kind)
        for part in range(0, len(items), GROUP):
            chunk = items[part:part + GROUP]
            fields.append(FormField(f"{name}_{part // GROUP + 1}", label, "checkboxes",
                                    initial=tuple(i.term for i in chunk),
                                    options=tuple((i.term, T("cv.option", term=i.term, where=i.where()))
                                                  for i in chunk)))
    fields += [
        FormField("more_skills", T("field.cv_more_skills"), "textarea", hint=T("hint.skills"), max_length=500),
        FormField("more_wants", T("field.cv_more_wants"), "textarea", hint=T("hint.wants"), max_length=500),
        FormField("hours_per_week", T("field.hours_per_week"), "number",
                  initial=_num(profile.hours_per_week) if profile and profile.hours_per_week else "",
                  hint=T("gap.hours"), max_length=5),
        FormField("visible", T("field.visible"), "select", required=True,
                  initial="nee" if profile is not None and not profile.visible else "ja",
                  options=(("ja", T("profile.visible")), ("nee", T("profile.hidden")))),
    ]
    return Form(name="cv", title=T("form.cv.title"), submit=T("btn.save"), fields=fields, intro=T("cv.form_intro"))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def press(service: "Core", actor: "Actor", action: str, value: str, text: str = "") -> Reply | Form:
    proposal = Proposal.decode(value)
    if proposal is None:
        return Reply.of(actor.lang, T("err.stale_button"))
    if action == "cv_choose":
        return form(service, actor, proposal)
    if action == "cv_keep":
        return _keep(service, actor, proposal, text)
    return Reply.of(actor.lang, T("err.stale_button"))


def _numbered(proposal: Proposal) -> list[tuple[str, str]]:
    """(kind, term) in the order the card numbers them."""
    out = [("title", proposal.title)] if proposal.title else []
    return out + [(i.kind, i.term) for kind in ("skill", "lang", "want") for i in proposal.of(kind)]


_WORDS = re.compile(r"\b(zonder|behalve|niet|weg|without|except|drop|plus|extra|add|ook|leren|learn|"
                    r"uren|hours|uur|verborgen|hidden|zichtbaar|visible|functie|title)\b", re.I)


def _keep(service: "Core", actor: "Actor", proposal: Proposal, text: str) -> Reply | FormErrors:
    """Keep the proposal, changed by words: `zonder 3 5` drops numbers, `plus Excel, SQL`
    adds skills, `leren X` adds what to learn, `uren 8` sets hours, `functie X` the title,
    `verborgen` keeps the profile hidden."""
    numbered = _numbered(proposal)
    drop: set[int] = set()
    extra_skills = extra_wants = ""
    hours: str | None = None
    title: str | None = None
    visible: str | None = None
    parts = _WORDS.split(text or "")
    unknown = parts[0].strip(" ,.;")
    for word, arg in zip(parts[1::2], parts[2::2]):
        word, arg = word.lower(), arg.strip(" ,.;:")
        if word in ("zonder", "behalve", "niet", "weg", "without", "except", "drop"):
            numbers = [int(x) for x in re.findall(r"\d+", arg)]
            if not numbers or any(n < 1 or n > len(numbered) for n in numbers):
                return Reply.of(actor.lang, T("cv.err.numbers", max=len(numbered)), T("ask.cv_keep"))
            drop.update(numbers)
        elif word in ("plus", "extra", "add", "ook"):
            extra_skills = f"{extra_skills}, {arg}"
        elif word in ("leren", "learn"):
            extra_wants = f"{extra_wants}, {arg}"
        elif word in ("uren", "hours", "uur"):
            hours = arg
        elif word in ("functie", "title"):
            title = arg
        elif word in ("verborgen", "hidden"):
            visible = "nee"
        elif word in ("zichtbaar", "visible"):
            visible = "ja"
        if word not in ("plus", "extra", "add", "ook", "leren", "learn", "functie", "title", "uren", "hours", "uur") \
                and word not in ("zonder", "behalve", "niet", "weg", "without", "except", "drop") and arg:
            unknown = f"{unknown} {arg}".strip()
    if unknown:
        return Reply.of(actor.lang, T("cv.err.words", text=unknown[:100]), T("ask.cv_keep"))
    kept = [item for n, item in enumerate(numbered, 1) if n not in drop]
    chosen_title = title if title is not None else next((t for k, t in kept if k == "title"), "")
    return apply(service, actor, chosen_title,
                 [t for k, t in kept if k in ("skill", "lang")] + matching.split_terms(extra_skills),
                 [t for k, t in kept if k == "want"] + matching.split_terms(extra_wants), hours, visible)


def submit(service: "Core", actor: "Actor", values: dict) -> Reply | FormErrors:
    """The checkbox form: the ticked items, what was added, hours and visibility."""
    def ticked(prefix: str) -> list[str]:
        out: list[str] = []
        for key in sorted(k for k in values if k.startswith(prefix)):
            value = values[key]
            if isinstance(value, (list, tuple)):
                out += [str(v) for v in value]
        return out

    skills = ticked("cv_skills_") + ticked("cv_langs_") + matching.split_terms(str(values.get("more_skills") or ""))
    wants = ticked("cv_wants_") + matching.split_terms(str(values.get("more_wants") or ""))
    hours = str(values.get("hours_per_week") or "").strip() or None
    return apply(service, actor, str(values.get("job_title") or "").strip(), skills, wants, hours,
                 str(values.get("visible") or "ja"))


def apply(service: "Core", actor: "Actor", title: str, skills: list[str], wants: list[str],
          hours: str | None, visible: str | None) -> Reply | FormErrors:
    """Add what was confirmed to the profile (nothing already there is lost) through the
    same checks as a typed edit. A new profile is visible unless asked otherwise."""
    with transaction(service.engine) as s:
        profile = s.exec(select(Profile).where(Profile.person_id == actor.id)).first()
        old_skills = profile.skills if profile else ""
        old_wants = profile.wants if profile else ""
    values: dict[str, str] = {}
    if title:
        values["job_title"] = title
    merged_skills, cut_skills = _merge(old_skills, skills)
    merged_wants, cut_wants = _merge(old_wants, wants)
    if merged_skills != old_skills:
        values["skills"] = merged_skills
    if merged_wants != old_wants:
        values["wants"] = merged_wants
    if hours is not None:
        values["hours_per_week"] = hours
    if visible is not None and (profile is None or visible != ("ja" if profile.visible else "nee")):
        values["visible"] = visible
    elif profile is None:
        values["visible"] = "ja"
    if not values:
        return Reply.of(actor.lang, T("cv.nothing_chosen"))
    result = people.update_profile(service, actor, values)
    if isinstance(result, FormErrors):
        return result
    for reply_card in result.cards[:1]:
        reply_card.text.append(T("cv.saved"))
        if cut_skills or cut_wants:
            reply_card.text.append(T("cv.cut", count=cut_skills + cut_wants, max=people.MAX_TERMS))
        with transaction(service.engine) as s:
            saved = s.exec(select(Profile).where(Profile.person_id == actor.id)).first()
        missing = nudge.gaps(saved)
        if missing:
            reply_card.text.append(T("gap.intro"))
            reply_card.text.extend(missing)
    return result


def _merge(old: str, new: list[str]) -> tuple[str, int]:
    terms = matching.split_terms(old)
    keys = {matching.compact(t) for t in terms}
    cut = 0
    for term in new:
        term = term.strip()[:MAX_TERM]
        key = matching.compact(term)
        if not key or key in keys:
            continue
        if len(terms) >= people.MAX_TERMS:
            cut += 1
            continue
        keys.add(key)
        terms.append(term)
    return ", ".join(terms), cut
