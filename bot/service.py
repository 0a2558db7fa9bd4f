"""The domain's front door: `Flexpool`, one object the handlers, the shell, the command
line and the tests call (`app.service.accept(actor, 12)`). It decides nothing itself:
every method delegates to the module that owns that part of the klus lifecycle (see the
module map in the README). No chat platform here.

Every public method takes the acting `Actor` first and returns what that person sees
(a `Reply`, a `Form` or `FormErrors`). Messages to anyone else are written to the
outbox in the same transaction as the change that causes them (`bot.notify`,
`bot.outbox` delivers them). Every state change is a conditional UPDATE inside one
transaction, so a second click, a retry or two people at once change nothing twice.
"""

from __future__ import annotations

from typing import Callable

from sqlmodel import Session

from bot import (admins, buttons, cards, cv, exporting, feedback, hr_import, invitations, klussen, people, rounds,
                 stats, timers)
from bot.core import Actor, Core
from bot.i18n import T
from bot.oneline import KlusDraft
from bot.port import Card, Form, FormErrors, Reply

__all__ = ["Actor", "Flexpool", "why"]

why = cards.why


class Flexpool(Core):
    """`Core` (engine, settings, clock, `is_admin`) plus one delegating method per action."""

    # --- people and profiles (bot.people) ---------------------------------------------

    def person(self, platform: str, workspace: str, user_id: str, name: str = "",
               lang: str | None = None, tz: str | None = None) -> Actor:
        return people.person(self, platform, workspace, user_id, name, lang, tz)

    def find_person(self, name_or_id: str) -> Actor | None:
        return people.find_person(self, name_or_id)

    def people(self) -> list[Actor]:
        return people.people(self)

    def profile_card(self, actor: Actor) -> Reply:
        return people.profile_card(self, actor)

    def profile_form(self, actor: Actor) -> Form:
        return people.profile_form(self, actor)

    def update_profile(self, actor: Actor, values: dict[str, str],
                       session: Session | None = None) -> Reply | FormErrors:
        return people.update_profile(self, actor, values, session)

    def update_profile_line(self, actor: Actor, text: str) -> Reply:
        return people.update_profile_line(self, actor, text)

    def set_visible(self, actor: Actor, visible: bool) -> Reply:
        return people.set_visible(self, actor, visible)

    def delete_profile(self, actor: Actor, confirmed: bool = False) -> Reply:
        return people.delete_profile(self, actor, confirmed)

    def set_digest(self, actor: Actor, on: bool) -> Reply:
        return people.set_digest(self, actor, on)

    # --- klussen (bot.klussen) ----------------------------------------------------------

    def klus_form(self, actor: Actor) -> Form:
        return klussen.klus_form(self, actor)

    def draft_from_form(self, values: dict) -> tuple[KlusDraft, dict[str, T]]:
        return klussen.draft_from_form(self, values)

    def validate_klus(self, draft: KlusDraft) -> tuple[dict, dict[str, T]]:
        return klussen.validate_klus(self, draft)

    def post_klus_line(self, actor: Actor, text: str) -> Reply:
        return klussen.post_klus_line(self, actor, text)

    def post_klus(self, actor: Actor, draft: KlusDraft) -> Reply | FormErrors:
        return klussen.post_klus(self, actor, draft)

    @staticmethod
    def errors_as_reply(result: Reply | FormErrors, lang: str) -> Reply:
        return cards.errors_as_reply(result, lang)

    def my_klussen(self, actor: Actor) -> Reply:
        return klussen.my_klussen(self, actor)

    def open_klussen(self, actor: Actor) -> Reply:
        return klussen.open_klussen(self, actor)

    def warm_up(self) -> tuple[int, int, float]:
        return klussen.warm_up(self)

    def candidates(self, actor: Actor, klus_id: int) -> Reply:
        return klussen.candidates(self, actor, klus_id)

    def invite(self, actor: Actor, klus_id: int, person_id: int) -> Reply:
        return klussen.invite(self, actor, klus_id, person_id)

    def ask_cancel(self, actor: Actor, klus_id: int) -> Reply:
        return klussen.ask_cancel(self, actor, klus_id)

    def cancel_klus(self, actor: Actor, klus_id: int, reason: str = "") -> Reply:
        return klussen.cancel_klus(self, actor, klus_id, reason)

    def edit_form(self, actor: Actor, klus_id: int) -> Reply | Form:
        return klussen.edit_form(self, actor, klus_id)

    def edit_klus(self, actor: Actor, klus_id: int, changes: dict) -> Reply | FormErrors:
        """`changes`: any of title, description, hours_per_week, start, end, places."""
        return klussen.edit_klus(self, actor, klus_id, dict(changes))

    def edit_klus_line(self, actor: Actor, text: str) -> Reply:
        return klussen.edit_line(self, actor, text)

    def repost_form(self, actor: Actor, klus_id: int) -> Reply | Form:
        return klussen.repost_form(self, actor, klus_id)

    # --- invitations and confirmation (bot.invitations) ----------------------------------

    def accept(self, actor: Actor, inv_id: int) -> Reply:
        return invitations.accept(self, actor, inv_id)

    def offer(self, actor: Actor, klus_id: int) -> Reply:
        return invitations.offer(self, actor, klus_id)

    def decline(self, actor: Actor, inv_id: int, reason: str = "") -> Reply:
        return invitations.decline(self, actor, inv_id, reason)

    def confirm(self, actor: Actor, inv_id: int) -> Reply:
        return invitations.confirm(self, actor, inv_id)

    def reject(self, actor: Actor, inv_id: int, reason: str = "") -> Reply:
        return invitations.reject(self, actor, inv_id, reason)

    def details(self, actor: Actor, inv_id: int | None = None) -> Reply:
        return invitations.details(self, actor, inv_id)

    def latest_open_invitation(self, actor: Actor) -> tuple[int, str] | None:
        return invitations.latest_open_invitation(self, actor)

    def my_invitations(self, actor: Actor) -> list[tuple[int, str, str]]:
        return invitations.my_invitations(self, actor)

    # --- feedback (bot.feedback) --------------------------------------------------------

    def feedback(self, actor: Actor, kind: str, value: str, text: str = "") -> Reply:
        return feedback.feedback(self, actor, kind, value, text)

    # --- the flexpool office: admins only (bot.stats, bot.exporting, bot.hr_import, bot.admins)

    def stats_data(self, period: "stats.Period | None" = None) -> dict:
        return stats.stats_data(self, period)

    def stats(self, actor: Actor, period: str = "") -> Reply:
        """`/flexpool stats [periode]`: the same figures as `flexpool stats` on the command line."""
        return stats.stats(self, actor, period)

    def stats_card(self, period: "stats.Period | None" = None) -> Card:
        return stats.stats_card(self, period)

    def stats_chart(self, actor: Actor, period: str = "") -> Reply:
        return stats.send_chart(self, actor, period)

    def export(self, actor: Actor, period: str = "") -> Reply:
        return exporting.export(self, actor, period)

    def import_profiles(self, actor: Actor, csv_text: str, source: str = "") -> Reply:
        """Bulk profiles from CSV text (a fetched link, a downloaded attachment)."""
        return hr_import.import_profiles(self, actor, csv_text, source)

    def import_attachment(self, actor: Actor, name: str, size: int | None, download: Callable[[int], bytes],
                          kinds: tuple[str, ...] = ()) -> Reply:
        """A file attached in the bot's DM, downloaded by the handler's `download(limit)`:
        a colleague's LinkedIn export or CV becomes a proposal for their profile (bot.cv);
        an admin's CSV is checked (admin, size) and its text passed to `import_profiles`."""
        return cv.attachment(self, actor, name, size, download, kinds)

    def import_link(self, actor: Actor, text: str = "") -> Reply:
        return hr_import.import_link(self, actor, text)

    def admin(self, actor: Actor, text: str = "") -> Reply:
        return admins.admin(self, actor, text)

    def audit(self, actor: Actor, text: str = "") -> Reply:
        return admins.audit(self, actor, text)

    def help(self, actor: Actor) -> Reply:
        return Reply.of(actor.lang, T("help.text"), T("help.klus_example"), title=T("help.title"))

    # --- time (bot.timers) ----------------------------------------------------------------

    def remind_due(self) -> int:
        return timers.remind_due(self)

    def expire_due(self) -> int:
        return timers.expire_due(self)

    def start_and_end_due(self) -> int:
        return timers.start_and_end_due(self)

    def digests_due(self) -> int:
        return timers.digests_due(self)

    def close_rounds_due(self) -> int:
        return rounds.close_due(self)

    def tick(self) -> dict[str, int]:
        """All due time-driven work, in a safe order."""
        return timers.tick(self)

    # --- buttons and forms, for the handlers (bot.buttons) ----------------------------------

    def press(self, actor: Actor, action: str, value: str, text: str = "") -> Reply | Form:
        """A button was pressed: route it. Values come from the platform and are not trusted."""
        return buttons.press(self, actor, action, value, text)

    def submit(self, actor: Actor, form: str, values: dict) -> Reply | FormErrors:
        return buttons.submit(self, actor, form, values)
