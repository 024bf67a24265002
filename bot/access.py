"""Which chats the bot serves: the optional allow-list of BRIEFBOT_ALLOWED_CHATS.

A team bot is found by strangers (its name is public), so a team can list its chats:
every other chat gets one polite line and nothing else, and its old subscriptions go
quiet. A private chat's id is the person's user id; a group's is negative. With no
list, every chat is served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s,;]+")
_CHAT_ID = re.compile(r"-?\d{1,20}")


def parse_chat_ids(text: str) -> frozenset[int]:
    """The chat ids in a BRIEFBOT_ALLOWED_CHATS value; `ValueError` names a bad one."""
    ids: set[int] = set()
    for item in filter(None, _SEPARATORS.split(text.strip())):
        if not _CHAT_ID.fullmatch(item):
            raise ValueError(
                f"BRIEFBOT_ALLOWED_CHATS: {item!r} is not a Telegram chat id "
                "(a number such as 123456789, or -1001234567890 for a group)"
            )
        ids.add(int(item))
    return frozenset(ids)


@dataclass(frozen=True)
class ChatAllowList:
    """The chats served; empty means all of them."""

    chat_ids: frozenset[int] = frozenset()

    def allows(self, chat_id: int) -> bool:
        """Whether the bot answers in this chat (or, for inline mode, this user)."""
        return not self.chat_ids or chat_id in self.chat_ids

    @staticmethod
    def refusal(chat_id: int) -> str:
        """The one line a chat outside the list gets, with the id its operator needs."""
        return (
            "Sorry, this bot serves a private team. To use it here, ask its operator "
            f"to add this chat ({chat_id}) to BRIEFBOT_ALLOWED_CHATS."
        )
