"""Fewer messages: a reply without buttons or files is joined to the reply that follows it.

The engine often says something ("Confirmed and saved.", "✓ Basic data complete.") right before the next
prompt; as separate replies those become two chat messages. Joined, the notice heads the prompt's
message (the door still splits a text too long for one message at paragraph boundaries).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.engine.events import Reply


def join_replies(replies: Iterable[Reply]) -> tuple[Reply, ...]:
    joined: list[Reply] = []
    for reply in replies:
        previous = joined[-1] if joined else None
        if previous is not None and not previous.buttons and not previous.attachments and not reply.attachments:
            joined[-1] = Reply(parts=(*previous.parts, *reply.parts), buttons=reply.buttons, card=reply.card)
        else:
            joined.append(reply)
    return tuple(joined)
