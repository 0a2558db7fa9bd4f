"""A matching round's result for the office (bot.rounds): a card — who got what, who was
passed over and why, which places stay open and why, who got nothing and why — shown to
the admin when the round closes and by `/flexpool ronde` afterwards, and the same rows for
`/flexpool export` (`export_rows`). The result is stored as ids in `MatchRound.result`
(written by `bot.shareout.explain` and `bot.rounds.close`); names and titles are read when
shown, so an erased person shows as their anonymous label."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.core import Actor, Core, utc
from bot.i18n import Join, T, render
from bot.port import Card, Reply
from storage.db import transaction
from storage.models import Klus, MatchRound, Person

SHOWN = 12  # lines per part of the result card (the export has everything)


def local(service: Core, moment: datetime) -> datetime:
    """A stored moment in the pool's time zone, as people read it."""
    return utc(moment).astimezone(service.zone).replace(tzinfo=None)


# --- the result, for the office ------------------------------------------------------------------

def reply(service: Core, actor: Actor, round_id: int) -> Reply:
    """`/flexpool ronde` after a round: its result, and how to open the next one."""
    with transaction(service.engine) as s:
        rnd = s.get(MatchRound, round_id)
        card = result_card(service, s, rnd)
    card.note = T("round.how_new")
    return Reply([card], actor.lang)


def result_card(service: Core, s: Session, rnd: MatchRound) -> Card:
    """Who got what, who got nothing and why, which places stay open and why."""
    if rnd.status == "cancelled":
        return Card(title=T("round.result_card_title", id=rnd.id),
                    text=[T("round.cancelled_at", id=rnd.id, when=local(service, rnd.closed_at or rnd.opened_at))])
    data = rnd.result or {}
    text = [T("round.summary", id=rnd.id, assigned=data.get("assigned", 0), places=data.get("places", 0),
              taking_part=data.get("taking_part", 0), participants=data.get("participants", 0)),
            T("round.sent", new=data.get("new", 0), kept=data.get("kept", 0), withdrawn=data.get("withdrawn", 0))
            if data.get("assigned") else T("round.none_sent")]
    lines, total = _result_lines(s, data, SHOWN * 3)
    text += chunks(lines)
    if total > SHOWN * 3:
        text.append(T("round.more_in_export", count=total - SHOWN * 3))
    return Card(title=T("round.result_card_title", id=rnd.id), text=text)


def _result_lines(s: Session, data: dict, limit: int) -> tuple[list[T], int]:
    """The first `limit` lines of the result, and how many there are: only those shown are
    written out and only their names read (a round of 2,000 has some 10,000 lines)."""
    entries: list[tuple[str, dict]] = []
    for entry in data.get("klussen", []):
        entries.append(("klus", entry))
        entries += [("passed", p) for p in entry.get("passed_over", [])]
        if entry.get("open", 0) > 0:
            entries.append(("open", entry))
    entries += [("nothing", p) for p in data.get("nothing", [])]
    entries += [("left_out", p) for p in data.get("left_out", [])]
    shown = entries[:limit]
    people = {p["person"] for kind, e in shown for p in (e.get("placed", []) if kind == "klus" else [e])
              if kind != "open"}
    name = _names_of(s, people)
    title = _titles(s, data)
    lines: list[T] = []
    for kind, e in shown:
        if kind == "klus":
            placed = Join([T("round.person", name=name(p["person"]), fit=p["fit"], kind=T(f"round.kind.{p['kind']}"))
                           for p in e.get("placed", [])]) if e.get("placed") else T("round.nobody_placed")
            lines.append(T("round.klus_line", title=title(e["klus"]), free=e["free"], placed=placed))
        elif kind == "passed":
            lines.append(T("round.passed_line", name=name(e["person"]), fit=e["fit"],
                           kind=T(f"round.kind.{e['kind']}"), why=_office_why(e, title)))
        elif kind == "open":
            lines.append(T("round.open_line", count=e["open"], why=T(f"round.open_why.{e['open_why']}")))
        elif kind == "nothing":
            lines.append(T("round.nothing_line", name=name(e["person"]), title=title(e["klus"]), fit=e["fit"],
                           kind=T(f"round.kind.{e['kind']}"), why=_office_why(e, title)))
        else:
            lines.append(T("round.left_out_line", name=name(e["person"]), why=T(f"round.short.{e['why']}")))
    return lines, len(entries)


def _office_why(entry: dict, title) -> T:
    if entry["why"] == "elsewhere":
        return T("round.why.elsewhere", title=title(entry["other"]))
    if entry["why"] == "fit":
        return T("round.why.fit", fit=entry.get("best_fit", 0))
    return T(f"round.why.{entry['why']}")


def _names(s: Session, data: dict):
    ids = {p["person"] for e in data.get("klussen", []) for p in e.get("placed", []) + e.get("passed_over", [])}
    ids |= {p["person"] for p in data.get("nothing", []) + data.get("left_out", [])}
    return _names_of(s, ids)


def _names_of(s: Session, ids: set[int]):
    found = {p.id: p.name for p in s.exec(select(Person).where(col(Person.id).in_(ids or {-1})))}
    return lambda pid: found.get(pid, f"#{pid}")


def _titles(s: Session, data: dict):
    ids = {e["klus"] for e in data.get("klussen", [])}
    found = {k.id: k.title for k in s.exec(select(Klus).where(col(Klus.id).in_(ids or {-1})))}
    return lambda kid: found.get(kid, f"#{kid}")


EXPORT_COLUMNS = ("round", "closed", "klus_id", "klus", "name", "outcome", "fit", "choice", "reason")


def export_rows(s: Session, since: datetime | None, until: datetime | None, lang: str) -> list[tuple]:
    """Every closed round's result in the period, one row per person or open place (for
    `/flexpool export`): (round, closed at, klus id, klus, name, outcome, fit, choice, reason)."""
    query = select(MatchRound).where(MatchRound.status == "closed").order_by(MatchRound.id)
    if since is not None:
        query = query.where(MatchRound.closed_at >= since)
    if until is not None:
        query = query.where(MatchRound.closed_at < until)
    out: list[tuple] = []
    for rnd in s.exec(query).all():
        data = rnd.result or {}
        name, title = _names(s, data), _titles(s, data)

        def text(value) -> str:
            return render(value, lang)

        for entry in data.get("klussen", []):
            k = entry["klus"]
            for p in entry.get("placed", []):
                out.append((rnd.id, rnd.closed_at, k, title(k), name(p["person"]), text(T("round.outcome.placed")),
                            p["fit"], text(T(f"round.kind.{p['kind']}")), ""))
            for p in entry.get("passed_over", []):
                out.append((rnd.id, rnd.closed_at, k, title(k), name(p["person"]),
                            text(T("round.outcome.passed_over")), p["fit"], text(T(f"round.kind.{p['kind']}")),
                            text(_office_why(p, title))))
            if entry.get("open", 0) > 0:
                out.append((rnd.id, rnd.closed_at, k, title(k), "", text(T("round.outcome.open", count=entry["open"])),
                            None, "", text(T(f"round.open_why.{entry['open_why']}"))))
        for p in data.get("nothing", []):
            out.append((rnd.id, rnd.closed_at, p["klus"], title(p["klus"]), name(p["person"]),
                        text(T("round.outcome.nothing")), p["fit"], text(T(f"round.kind.{p['kind']}")),
                        text(_office_why(p, title))))
        for p in data.get("left_out", []):
            out.append((rnd.id, rnd.closed_at, None, "", name(p["person"]), text(T("round.outcome.nothing")),
                        None, "", text(T(f"round.short.{p['why']}"))))
    return out



def chunks(lines: list[T], size: int = SHOWN) -> list[Join]:
    """Lines in paragraphs of `size`, inside a platform's block limits."""
    return [Join(lines[i:i + size], "\n") for i in range(0, len(lines), size)]

