"""Who may change the store: the Telegram user ids listed in BRIEFBOT_ADMINS.

Adding, uploading and deleting articles and managing feeds make the bot fetch and
store on someone's word, so only listed people may do them. A message without a
sender (a channel post, an anonymous group admin) is never an admin's, and with no
admins configured nobody is one: the store then changes only through `briefbot ingest`.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s,;]+")


def parse_admin_ids(text: str) -> frozenset[int]:
    """The user ids in a BRIEFBOT_ADMINS value ("123, 456"); `ValueError` names a bad one."""
    ids: set[int] = set()
    for item in filter(None, _SEPARATORS.split(text.strip())):
        if not item.isdigit():
            raise ValueError(
                f"BRIEFBOT_ADMINS: {item!r} is not a Telegram user id (a number such as 123456789)"
            )
        ids.add(int(item))
    return frozenset(ids)


def is_admin(admins: frozenset[int], user_id: int | None) -> bool:
    """Whether the sender may change the store."""
    return user_id is not None and user_id in admins


def refusal(action: str, admins: frozenset[int]) -> str:
    """The one line a non-admin gets instead of `action` ("add articles")."""
    if not admins:
        return (
            f"Only admins can {action}, and none are set: "
            "list their Telegram user ids in BRIEFBOT_ADMINS."
        )
    return f"Only admins can {action}."
