"""Checks that a payload is Block Kit Slack accepts: slack_sdk's own models, plus the
documented limits the models do not enforce."""

from __future__ import annotations

from typing import Any, Iterator

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


def _walk(value: Any) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def check_blocks(blocks: list[dict], limit: int) -> None:
    assert isinstance(blocks, list) and 0 < len(blocks) <= limit, f"{len(blocks)} blocks"
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids)), f"duplicate block ids {block_ids}"
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        assert block.to_dict()["type"] == raw["type"]
        if raw["type"] == "section":
            assert "text" in raw or "fields" in raw
            if "text" in raw:
                assert 0 < len(raw["text"]["text"]) <= 3000
            assert len(raw.get("fields", [])) <= 10
            assert all(0 < len(f["text"]) <= 2000 for f in raw.get("fields", []))
        if raw["type"] == "actions":
            ids = [e["action_id"] for e in raw["elements"]]
            assert 0 < len(ids) <= 25 and len(ids) == len(set(ids)), ids
            for element in raw["elements"]:
                if element["type"] == "button":
                    assert 0 < len(element["text"]["text"]) <= 75, element
                    assert len(element.get("value", "")) <= 2000
                    assert element.get("style") in (None, "primary", "danger")
        if raw["type"] == "context":
            assert 0 < len(raw["elements"]) <= 10
    for node in _walk(blocks):
        if node.get("type") == "plain_text_input":
            assert len(node.get("initial_value", "")) <= node.get("max_length", 3000) <= 3000
        if node.get("type") == "static_select":
            assert 0 < len(node["options"]) <= 100
            assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for o in node["options"])


def check_message(params: dict) -> None:
    """chat.postMessage / chat.update / response_url bodies."""
    if params.get("delete_original"):
        return
    assert str(params.get("text") or "").strip(), "a plain text fallback is missing"
    check_blocks(params["blocks"], MESSAGE_BLOCKS)


def check_view(view: dict) -> None:
    parsed = View(**view)
    parsed.validate_json()
    check_blocks(view["blocks"], VIEW_BLOCKS)
    if view["type"] == "modal":
        assert 0 < len(view["title"]["text"]) <= 24, view["title"]
        for key in ("submit", "close"):
            if key in view:
                assert 0 < len(view[key]["text"]) <= 24, view[key]
        assert len(view.get("private_metadata", "")) <= 3000
        assert len(view.get("callback_id", "")) <= 255
