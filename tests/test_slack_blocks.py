"""Block Kit rendering on its own: escaping, Slack's limits, forms and their values."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import T
from bot.port import Card, Choice, Form, FormErrors, FormField
from handlers.slack import blocks
from tests.fakes.blockkit import check_blocks, check_message, check_view


def test_user_text_is_escaped_everywhere_and_catalogue_mrkdwn_is_kept():
    card = Card(title=T("inv.title", title="<!channel> & co"), text=[T("klus.cancelled", title="<@U1>")],
                fields=[(T("field.skills"), "<b>SQL</b>")], note=T("quote", text="a > b"),
                choices=[Choice("accept", "1", T("btn.accept"), "primary")])
    payload = blocks.message([card], "nl")
    check_message(payload)
    flat = str(payload)
    assert "<!channel>" not in flat and "<@U1>" not in flat and "<b>" not in flat
    assert "*Klus: &lt;!channel&gt; &amp; co*" in payload["blocks"][0]["text"]["text"]
    assert "Klus *&lt;@U1&gt;* is geannuleerd" in flat
    assert payload["text"].startswith("Klus: &lt;!channel&gt; &amp; co")


def test_clip_never_cuts_an_entity():
    text = "a" * 2995 + "&amp;&lt;"
    clipped = blocks.clip(text, 3000)
    assert len(clipped) <= 3000 and clipped.endswith("a…")
    assert blocks.clip("kort", 3000) == "kort"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("a&<>; "), max_size=60), st.integers(min_value=2, max_value=40))
def test_clip_keeps_entities_whole(raw, limit):
    escaped = blocks.escape(raw)
    clipped = blocks.clip(escaped, limit)
    assert len(clipped) <= limit
    body = clipped[:-1] if clipped.endswith("…") and clipped != escaped else clipped
    # every & that is left starts a complete entity
    for i, ch in enumerate(body):
        if ch == "&":
            assert body[i:].startswith(("&amp;", "&lt;", "&gt;"))


def test_long_texts_and_labels_are_clipped_to_slacks_limits():
    long_title = "Titel " * 1000
    card = Card(title=T("klus.line_title", title=long_title), text=[T("quote", text="x" * 5000)],
                fields=[(T("field.skills"), "y" * 3000)] * 12,
                choices=[Choice("accept", "9" * 3000, T("quote", text="z" * 200), "primary"),
                         Choice("noop", "", T("btn.keep"), "bogus")])
    payload = blocks.message([card], "en")
    check_message(payload)
    sections = [b for b in payload["blocks"] if b["type"] == "section"]
    assert all(len(b["text"]["text"]) <= 3000 for b in sections if "text" in b)
    assert [len(b["fields"]) for b in sections if "fields" in b] == [10, 2]
    (actions,) = [b for b in payload["blocks"] if b["type"] == "actions"]
    accept, keep = actions["elements"]
    assert len(accept["text"]["text"]) == 75 and len(accept["value"]) == 2000
    assert "value" not in keep and "style" not in keep  # empty value and unknown style left out
    assert len(payload["text"]) <= 3000


def test_too_many_cards_are_cut_with_a_note_within_50_blocks():
    cards = [Card(title=T("klus.line_title", title=f"Klus {i}"), fields=[(T("field.places"), i)],
                  choices=[Choice("candidates", str(i), T("btn.candidates"))]) for i in range(40)]
    payload = blocks.message(cards, "nl")
    check_message(payload)
    assert len(payload["blocks"]) <= 50
    assert "nog" in payload["blocks"][-1]["elements"][0]["text"]
    home = blocks.home(cards, "nl")
    check_view(home)
    assert len(home["blocks"]) <= 100


def test_one_huge_card_keeps_what_fits():
    card = Card(text=[T("quote", text=f"alinea {i} " + "w" * 2990) for i in range(80)])
    payload = blocks.message([card], "nl")
    check_message(payload)
    assert len(payload["blocks"]) == 50


def test_action_ids_are_unique_and_carry_the_question():
    card = Card(choices=[Choice("decline", "7", T("btn.decline"), "danger", ask=T("ask.decline_reason")),
                         Choice("decline", "8", T("btn.decline"))])
    (actions,) = blocks.card_blocks(card, "nl", "card", 3)
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == ["fp:decline:0:ask.decline_reason", "fp:decline:1"]
    assert blocks.parse_action_id(ids[0]) == ("decline", "ask.decline_reason")
    assert blocks.parse_action_id(ids[1]) == ("decline", None)
    assert blocks.kind_of(actions["block_id"]) == "card"
    assert blocks.kind_for([Card(choices=[Choice("noop", "", T("btn.keep"))])]) == "once"


FORM = Form("klus", T("form.profile.title"), T("btn.save"), [
    FormField("title", T("field.title"), required=True, max_length=150, hint=T("hint.title"), initial="A & <b>"),
    FormField("description", T("field.description"), "textarea", max_length=5000),
    FormField("hours_per_week", T("field.hours_per_week"), "number", required=True, initial="8"),
    FormField("start", T("field.start"), "date", initial=date(2026, 11, 30)),
    FormField("end", T("field.end"), "date"),
    FormField("location", T("field.location"), "select", initial="on_site",
              options=(("remote", T("location.remote")), ("on_site", T("location.on_site")))),
    FormField("visible", T("field.visible"), "checkbox", initial="ja"),
], context="42")


def test_a_form_becomes_a_valid_modal():
    view = blocks.modal(FORM, "nl", {"h": True})
    check_view(view)
    assert view["title"]["text"] == "Mijn flexprofiel" and view["close"]["text"] == "Annuleren"
    by_id = {b["block_id"]: b for b in view["blocks"]}
    assert by_id["title"]["element"]["initial_value"] == "A & <b>"  # the person's own text, as typed
    assert by_id["title"]["optional"] is False and by_id["description"]["optional"] is True
    assert by_id["description"]["element"]["multiline"] and by_id["description"]["element"]["max_length"] == 3000
    assert by_id["start"]["element"] == {"type": "datepicker", "action_id": "v", "initial_date": "2026-11-30"}
    assert by_id["location"]["element"]["initial_option"]["value"] == "on_site"
    assert by_id["visible"]["element"]["initial_options"][0]["value"] == "ja"
    assert '"c": "42"' in view["private_metadata"]


def test_modal_title_is_clipped_to_24_characters():
    form = Form("klus", T("quote", text="Een veel te lange titel voor een modal"), T("btn.post"), FORM.fields)
    view = blocks.modal(form, "nl")
    check_view(view)
    assert len(view["title"]["text"]) == 24


def test_submitted_values_and_errors():
    view = {"state": {"values": {
        "title": {"v": {"type": "plain_text_input", "value": "Analyse"}},
        "description": {"v": {"type": "plain_text_input", "value": None}},
        "start": {"v": {"type": "datepicker", "selected_date": "2026-12-07"}},
        "end": {"v": {"type": "datepicker", "selected_date": None}},
        "location": {"v": {"type": "static_select", "selected_option": {"value": "remote"}}},
        "visible": {"v": {"type": "checkboxes", "selected_options": []}},
    }}}
    assert blocks.form_values(view) == {"title": "Analyse", "description": "", "start": date(2026, 12, 7),
                                        "end": None, "location": "remote", "visible": "nee"}
    errors = blocks.form_errors(FormErrors({"title": T("err.title"), "context": T("err.stale_button")}), "en",
                                ["title", "description"])
    assert list(errors) == ["title"] and "give the klus a title" in errors["title"]
    assert "no longer works" in errors["title"]  # an error for a field not shown goes to the first one


@pytest.mark.parametrize("lang,expected", [("nl", "Afwijzen"), ("en", "Decline")])
def test_ask_modal(lang, expected):
    view = blocks.ask_modal(expected, T("ask.decline_reason"), lang, {"a": "decline", "v": "3"})
    check_view(view)
    assert view["callback_id"] == "fp:ask" and view["blocks"][0]["optional"] is True


def test_answered_question_loses_its_buttons():
    payload = blocks.message([Card(text=[T("dm.confirm_yes", title="X")],
                                   choices=[Choice("accept", "1", T("btn.accept")), Choice("noop", "", T("btn.keep"))])],
                             "nl")
    assert blocks.kind_of(payload["blocks"][-1]["block_id"]) == "once"
    done = blocks.answered(payload, "Accepteren")
    check_blocks(done["blocks"], 50)
    assert [b["type"] for b in done["blocks"]] == ["section", "context"]
    assert done["blocks"][-1]["elements"][0]["text"] == "✓ Accepteren"
