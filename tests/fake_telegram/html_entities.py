"""Telegram's text formatting rules: HTML parse mode, text clean-up and auto-detected entities.

Why this module exists: the fake Bot API must refuse exactly the HTML that Telegram refuses, with
the same error text, and must measure a message the way Telegram does (after tags and HTML entities
are stripped, in UTF-16 code units). The HTML parser is a faithful port of tdlib's ``parse_html``
(which the Bot API server runs for ``parse_mode=HTML``), so byte offsets in error messages match;
``fix_text`` mirrors the parts of tdlib's ``fix_formatted_text`` that change what a bot gets back
(merging/splitting of entities, trimming); ``detect_entities`` approximates Telegram's automatic
detection of commands, mentions, hashtags, URLs and e-mail addresses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "Entity",
    "FormattedText",
    "HtmlParseError",
    "detect_entities",
    "fix_text",
    "format_text",
    "parse_html",
    "utf16_len",
]

SUPPORTED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_TAG_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "u": "underline", "ins": "underline", "tg-spoiler": "spoiler",
}  # fmt: skip
SPLITTABLE_TYPES = frozenset({"bold", "italic", "underline", "strikethrough", "spoiler"})
BLOCKQUOTE_TYPES = frozenset({"blockquote", "expandable_blockquote"})
PRE_TYPES = frozenset({"pre", "code"})
# tdlib's MessageEntity::get_type_priority: the tie-breaker when sorting entities.
_PRIORITY = {
    "mention": 50, "hashtag": 50, "bot_command": 50, "url": 50, "email": 50, "bold": 90,
    "italic": 91, "code": 20, "pre": 11, "text_link": 49, "text_mention": 49, "cashtag": 50,
    "phone_number": 50, "underline": 92, "strikethrough": 93, "blockquote": 0,
    "expandable_blockquote": 0, "spoiler": 94, "custom_emoji": 99,
}  # fmt: skip
_SPACE = frozenset(b" \t\r\n\0\v")
_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}


class HtmlParseError(ValueError):
    """The HTML was refused; ``str(error)`` is tdlib's message (after "can't parse entities: ")."""


@dataclass(frozen=True)
class Entity:
    """One MessageEntity; offsets and lengths in UTF-16 code units."""

    type: str
    offset: int
    length: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def end(self) -> int:
        return self.offset + self.length

    def sort_key(self) -> tuple[int, int, int]:
        return (self.offset, -self.length, _PRIORITY.get(self.type, 50))

    def to_api(self) -> dict[str, Any]:
        return {"type": self.type, "offset": self.offset, "length": self.length, **self.extra}


@dataclass(frozen=True)
class FormattedText:
    """Plain text plus its entities, as Telegram stores a message."""

    text: str
    entities: tuple[Entity, ...] = ()

    def entities_api(self) -> list[dict[str, Any]]:
        return [entity.to_api() for entity in self.entities]


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf16_offsets(text: str) -> list[int]:
    """UTF-16 offset of every code point of ``text``, plus the total length at the end."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


# --------------------------------------------------------------------------- HTML parse mode


class _Cursor:
    """The parser's view of the UTF-8 bytes, with tdlib's NUL terminator past the end."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __getitem__(self, index: int) -> int:
        return self.data[index] if index < len(self.data) else 0

    def text(self, begin: int, end: int) -> str:
        return self.data[begin:end].decode("utf-8", "replace")

    def lower(self, begin: int, end: int) -> str:
        return self.data[begin:end].decode("utf-8", "replace").translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _decode_html_entity(cur: _Cursor, pos: int) -> tuple[int, int] | None:
    """tdlib's decode_html_entity: ``(code point, next position)`` or None if not an entity."""
    end = pos + 1
    code = 0
    if cur[pos + 1] == ord("#"):
        end += 1
        if cur[pos + 2] == ord("x"):
            end += 1
            while chr(cur[end]) in "0123456789abcdefABCDEF" and cur[end]:
                code = code * 16 + int(chr(cur[end]), 16)
                end += 1
        else:
            while ord("0") <= cur[end] <= ord("9"):
                code = code * 10 + cur[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
    else:
        while chr(cur[end]).isascii() and chr(cur[end]).isalpha():
            end += 1
        name = _NAMED_ENTITIES.get(cur.data[pos + 1 : end])
        if name is None:
            return None
        code = ord(name)
    return code, end + 1 if cur[end] == ord(";") else end


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    output_pos: int


class _HtmlParser:
    """Port of tdlib's parse_html; see the module docstring."""

    def __init__(self, html: str) -> None:
        self.cur = _Cursor(html.encode("utf-8"))
        self.out = bytearray()
        self.utf16 = 0
        self.entities: list[Entity] = []
        self.stack: list[_OpenTag] = []

    def parse(self) -> FormattedText:
        cur, i = self.cur, 0
        while i < len(cur.data):
            byte = cur[i]
            if byte == ord("&") and (decoded := _decode_html_entity(cur, i)) is not None:
                code, i = decoded
                self.utf16 += 2 if code > 0xFFFF else 1
                self.out += chr(code).encode("utf-8", "surrogatepass")
            elif byte != ord("<"):
                if byte & 0xC0 != 0x80:
                    self.utf16 += 2 if byte >= 0xF0 else 1
                self.out.append(byte)
                i += 1
            elif cur[i + 1] != ord("/"):
                i = self._start_tag(i) + 1
            else:
                i = self._end_tag(i) + 1
        if self.stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return self._result()

    def _result(self) -> FormattedText:
        try:
            text = bytes(self.out).decode("utf-8")
        except UnicodeDecodeError:
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            ) from None
        entities = [
            replace(e, extra={}) if e.type == "code" else e for e in self.entities
        ]  # a code language survives only when merged into pre
        return FormattedText(text, tuple(sorted(entities, key=Entity.sort_key)))

    def _skip_spaces(self, i: int) -> int:
        while self.cur[i] != 0 and self.cur[i] in _SPACE:
            i += 1
        return i

    def _start_tag(self, begin: int) -> int:
        cur, i = self.cur, begin + 1
        while cur[i] not in _SPACE and cur[i] != ord(">"):
            i += 1
        if cur[i] == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        name = cur.lower(begin + 1, i)
        if name not in SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {begin}')
        argument = ""
        while cur[i] != ord(">"):
            i, argument = self._attribute(i, begin, name, argument)
        if name == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.stack.append(_OpenTag(name, argument, self.utf16, len(self.out)))
        return i

    def _attribute(self, i: int, begin: int, tag: str, argument: str) -> tuple[int, str]:
        """Parse one attribute at ``i``; returns the new position and the tag's argument."""
        cur = self.cur
        i = self._skip_spaces(i)
        if cur[i] == ord(">"):
            return i, argument
        name_begin = i
        while cur[i] not in _SPACE and chr(cur[i]) not in "=>/\"'":
            i += 1
        name = cur.text(name_begin, i)
        if not name:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        i = self._skip_spaces(i)
        if cur[i] != ord("="):
            if cur[i] == 0:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            return i, "1" if (tag, name) == ("blockquote", "expandable") else argument
        i = self._skip_spaces(i + 1)
        if cur[i] == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        i, value = self._attribute_value(i)
        if cur[i] == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin}")
        return i, _tag_argument(tag, name, value, argument)

    def _attribute_value(self, i: int) -> tuple[int, str]:
        cur = self.cur
        if chr(cur[i]) not in "\"'":
            token_begin = i
            while chr(cur[i]).isascii() and (chr(cur[i]).isalnum() or chr(cur[i]) in ".-"):
                i += 1
            if cur[i] not in _SPACE and cur[i] != ord(">"):
                raise HtmlParseError(f"Unexpected end of name token at byte offset {token_begin}")
            return i, cur.lower(token_begin, i)
        quote = cur[i]
        i += 1
        value = bytearray()
        while cur[i] != quote and cur[i] != 0:
            if cur[i] == ord("&") and (decoded := _decode_html_entity(cur, i)) is not None:
                code, i = decoded
                value += chr(code).encode("utf-8", "surrogatepass")
                continue
            value.append(cur[i])
            i += 1
        if cur[i] == quote:
            i += 1
        return i, value.decode("utf-8", "replace")

    def _end_tag(self, begin: int) -> int:
        cur = self.cur
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while cur[i] not in _SPACE and cur[i] != ord(">"):
            i += 1
        end_name = cur.lower(begin + 2, i)
        while cur[i] in _SPACE and cur[i] != 0:
            i += 1
        if cur[i] != ord(">"):
            raise HtmlParseError(f"Unclosed end tag at byte offset {begin}")
        tag = self.stack[-1]
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        if self.utf16 > tag.utf16_offset:
            self._close(tag, self.utf16 - tag.utf16_offset)
        self.stack.pop()
        return i

    def _close(self, tag: _OpenTag, length: int) -> None:
        offset, last = tag.utf16_offset, self.entities[-1] if self.entities else None
        same_span = last is not None and (last.offset, last.length) == (offset, length)
        if tag.name in _TAG_TYPES or tag.name == "span":
            self.entities.append(Entity(_TAG_TYPES.get(tag.name, "spoiler"), offset, length))
        elif tag.name == "tg-emoji":
            if not tag.argument.lstrip("-").isdigit() or int(tag.argument) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            extra = {"custom_emoji_id": str(int(tag.argument))}
            self.entities.append(Entity("custom_emoji", offset, length, extra))
        elif tag.name == "a":
            url = tag.argument or bytes(self.out[tag.output_pos :]).decode("utf-8", "replace")
            if (link := _link_entity(url, offset, length)) is not None:
                self.entities.append(link)
        elif tag.name == "pre" and same_span and last.type == "code" and last.extra:
            self.entities[-1] = Entity("pre", offset, length, {"language": last.extra["language"]})
        elif tag.name == "pre":
            self.entities.append(Entity("pre", offset, length))
        elif tag.name == "code" and same_span and last.type == "pre" and tag.argument:
            self.entities[-1] = Entity("pre", offset, length, {"language": tag.argument})
        elif tag.name == "code":
            extra = {"language": tag.argument} if tag.argument else {}
            self.entities.append(Entity("code", offset, length, extra))
        else:  # blockquote
            kind = "expandable_blockquote" if tag.argument else "blockquote"
            self.entities.append(Entity(kind, offset, length))


def _tag_argument(tag: str, name: str, value: str, current: str) -> str:
    """The one attribute each tag cares about; everything else is ignored, like Telegram does."""
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "blockquote" and name == "expandable":
        return "1"
    return current


_USER_LINK = re.compile(r"^tg:(?://)?user\?id=(\d+)$", re.IGNORECASE)
_HOST_CHARS = re.compile(r"^[\w.\-~%]+$")


def _link_entity(url: str, offset: int, length: int) -> Entity | None:
    """text_link / text_mention for an ``<a>``; None when Telegram silently drops the link."""
    if match := _USER_LINK.match(url):
        return Entity("text_mention", offset, length, {"user": {"id": int(match.group(1))}})
    checked = checked_link(url)
    return None if checked is None else Entity("text_link", offset, length, {"url": checked})


def checked_link(url: str) -> str | None:
    """Approximation of tdlib's LinkManager::get_checked_link: normalised URL or None."""
    url = url.strip()
    lowered = url.lower()
    for scheme in ("tg:", "ton:"):
        if lowered.startswith(scheme):
            rest = url[len(scheme) :].removeprefix("//")
            host = re.split(r"[/?#]", rest, maxsplit=1)[0].lower()
            if not host or "." in host:
                return None
            return f"{scheme}//{host}{rest[len(host) :]}"
    protocol = "http://"
    if lowered.startswith(("http://", "https://")):
        protocol, url = url[: url.index("//") + 2].lower(), url[url.index("//") + 2 :]
    elif "://" in url:
        return None
    authority, _, _ = url.partition("/")
    authority = re.split(r"[?#]", authority, maxsplit=1)[0]
    rest = url[len(authority) :]
    userinfo, _, hostport = authority.rpartition("@")
    host, _, port = hostport.partition(":")
    host = host.lower()
    if not host or "." not in host or not _HOST_CHARS.match(host) or host.startswith("."):
        return None
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        return None
    path = rest if rest.startswith("/") else "/" + rest
    prefix = f"{userinfo}@" if userinfo else ""
    return f"{protocol}{prefix}{host}{':' + port if port else ''}{path}"


def parse_html(html: str) -> FormattedText:
    """Parse Bot API HTML into text + entities, raising HtmlParseError like Telegram."""
    return _HtmlParser(html).parse()


# --------------------------------------------------------------------------- clean-up


def _merge_intervals(entities: Iterable[Entity]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for entity in sorted(entities, key=Entity.sort_key):
        if merged and entity.offset <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], entity.end))
        else:
            merged.append((entity.offset, entity.end))
    return merged


def _drop_intersecting(entities: list[Entity]) -> list[Entity]:
    """Entities of these kinds can't intersect or contain each other: the outer one wins."""
    kept: list[Entity] = []
    for entity in sorted(entities, key=Entity.sort_key):
        if not kept or entity.offset >= max(k.end for k in kept):
            kept.append(entity)
    return kept


def _resplit(splittable: list[Entity], others: list[Entity]) -> list[Entity]:
    """Merge touching bold/italic/... runs; split them at other entities' edges; none in code."""
    cuts = sorted({edge for other in others for edge in (other.offset, other.end)})
    code_spans = [(o.offset, o.end) for o in others if o.type in PRE_TYPES]
    result: list[Entity] = []
    for kind in sorted({e.type for e in splittable}):
        for begin, end in _merge_intervals(e for e in splittable if e.type == kind):
            edges = [begin, *(c for c in cuts if begin < c < end), end]
            for left, right in itertools.pairwise(edges):
                if not any(lo <= left and right <= hi for lo, hi in code_spans):
                    result.append(Entity(kind, left, right - left))
    return result


def _fix_entities(entities: Iterable[Entity]) -> list[Entity]:
    """tdlib's fix_entities: only bold/italic/underline/strike/spoiler may overlap others."""
    entities = [e for e in entities if e.length > 0]
    splittable = [e for e in entities if e.type in SPLITTABLE_TYPES]
    quotes = _drop_intersecting([e for e in entities if e.type in BLOCKQUOTE_TYPES])
    continuous = _drop_intersecting(
        [e for e in entities if e.type not in SPLITTABLE_TYPES | BLOCKQUOTE_TYPES]
    )
    continuous = [
        c
        for c in continuous
        if all(
            (c.offset >= q.offset and c.end <= q.end) or c.end <= q.offset or c.offset >= q.end
            for q in quotes
        )
    ]
    others = continuous + quotes
    return sorted(others + _resplit(splittable, others), key=Entity.sort_key)


def fix_text(formatted: FormattedText, *, detect: bool = True) -> FormattedText:
    """What Telegram does to a text before storing it: fix entities, trim, detect new entities.

    Trailing spaces/newlines are cut (entities clipped), leading ones only before the first
    entity. The result may be empty; callers decide whether that is an error.
    """
    entities = _fix_entities(formatted.entities)
    text = formatted.text
    units = _utf16_offsets(text)
    stripped = text.rstrip(" \n")
    limit = units[len(stripped)]
    entities = [
        replace(e, length=min(e.end, limit) - e.offset) for e in entities if e.offset < limit
    ]
    first_entity = min((e.offset for e in entities), default=limit)
    lead = len(stripped) - len(stripped.lstrip(" \n"))
    lead = min(lead, units.index(first_entity) if first_entity in units else lead)
    shift = units[lead]
    text = stripped[lead:]
    entities = [replace(e, offset=e.offset - shift) for e in entities]
    entities = _fix_entities(entities)
    if detect:
        entities = _merge_detected(entities, detect_entities(text))
    return FormattedText(text, tuple(entities))


def _merge_detected(entities: list[Entity], found: list[Entity]) -> list[Entity]:
    """Auto-detected entities are dropped where they would cut through a code/pre/link entity."""
    blockers = [e for e in entities if e.type not in SPLITTABLE_TYPES | BLOCKQUOTE_TYPES]
    kept = [f for f in found if all(f.end <= b.offset or f.offset >= b.end for b in blockers)]
    return sorted(entities + kept, key=Entity.sort_key)


def format_text(text: str, parse_mode: str | None) -> FormattedText:
    """Parse (HTML only; other parse modes are passed through) and fix a message text."""
    mode = (parse_mode or "").strip().lower()
    parsed = parse_html(text) if mode == "html" else FormattedText(text)
    return fix_text(parsed)


# --------------------------------------------------------------------------- auto-detection

_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")
_HASHTAG = re.compile(r"(?<![\w\u200c])#[\w\u200c]{1,256}(?![\w\u200c]*#)")
_CASHTAG = re.compile(r"(?<![\w$])\$(?:1INCH|[A-Z]{1,8})(?![\w$])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w@])")
_TLDS = "com|org|net|int|edu|gov|mil|info|biz|io|app|dev|ai|xyz|online|site|tech|news|me|tv|co"
_URL = re.compile(
    r"(?<![\w@/.-])(?:(?:https?|ftp)://[^\s<>\"]+|(?:[A-Za-z0-9-]+\.)+"
    rf"(?:{_TLDS}|[A-Za-z]{{2}})(?::\d{{1,5}})?(?:[/?#][^\s<>\"]*)?)(?![\w@-])",
    re.IGNORECASE,
)
_URL_TRAILING = ".,:;!?)]}'\""


def detect_entities(text: str) -> list[Entity]:
    """Approximation of Telegram's automatic entity detection (tdlib find_entities)."""
    units = _utf16_offsets(text)
    found: list[tuple[int, int, str]] = []
    for kind, pattern in (
        ("email", _EMAIL),
        ("url", _URL),
        ("bot_command", _COMMAND),
        ("mention", _MENTION),
        ("cashtag", _CASHTAG),
        ("hashtag", _HASHTAG),
    ):
        for match in pattern.finditer(text):
            begin, end = match.span()
            if kind == "url":
                end = begin + len(match.group().rstrip(_URL_TRAILING))
            if kind == "hashtag" and not any(c.isalpha() for c in text[begin + 1 : end]):
                continue
            if all(end <= b or begin >= e for b, e, _ in found):
                found.append((begin, end, kind))
    return sorted(
        (Entity(kind, units[b], units[e] - units[b]) for b, e, kind in found),
        key=Entity.sort_key,
    )
