"""The Telegram adapter: updates in, `Request`s to the shared handlers, replies out.

Replies go out in HTML parse mode, split under Telegram's 4,096-character limit. If
Telegram still refuses the formatting, the text is sent again without it and the bug
is logged, so a person always gets an answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import (
    Bot,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.services import Services
from handlers.messages import Reply, Request
from handlers.render import escape, split_message, to_plain
from handlers.router import HANDLERS, dispatch, dispatch_button, parse_command
from handlers.search import inline_cards
from handlers.send_errors import with_retries
from handlers.sources import upload, upload_refusal

log = logging.getLogger(__name__)

SERVICES_KEY = "services"
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def register(application: Application) -> None:
    """Wire every command, plain text in private chats, and the error handler."""
    application.add_handler(CommandHandler(list(HANDLERS), on_command))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, on_unknown_command)
    )
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, on_text)
    )
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, on_document)
    )
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_error_handler(on_error)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a known command, also when addressed as /cmd@BotName."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    parsed = parse_command(message.text, context.bot.username)
    if parsed is None:
        return
    name, args = parsed
    await _answer(message, _request(message, name, args, context.bot), context)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell a private chat that a command does not exist."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    parsed = parse_command(message.text, context.bot.username)
    if parsed is not None:
        await _answer(message, _request(message, parsed[0], parsed[1], context.bot), context)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain words in a private chat are a search."""
    message = update.effective_message
    if message is not None and message.text:
        await _answer(message, _request(message, "search", message.text, context.bot), context)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An article file or a JSON Lines file sent in a private chat: an admin's upload.

    The sender and the file's name and size are checked before downloading it."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    services: Services = context.application.bot_data[SERVICES_KEY]
    if await _refused(message.chat_id, services, context):
        return
    document = message.document
    name = document.file_name or "upload.txt"
    user_id = message.from_user.id if message.from_user else None
    refused = upload_refusal(name, document.file_size, user_id, services)
    if refused is not None:
        await send_reply(context, message.chat_id, refused)
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    for reply in await asyncio.to_thread(upload, name, data, user_id, services):
        await send_reply(context, message.chat_id, reply)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press: edit the message for page turns, else send the reply."""
    query = update.callback_query
    if query is None:
        return
    services: Services = context.application.bot_data[SERVICES_KEY]
    message = query.message
    if isinstance(message, Message) and not services.allowed_chats.allows(message.chat_id):
        await query.answer(services.allowed_chats.refusal(message.chat_id), show_alert=True)
        return
    await query.answer()
    if not isinstance(message, Message):
        return
    request = Request(
        command="button",
        chat_id=message.chat_id,
        chat_type=message.chat.type,
        user_id=query.from_user.id,
        is_chat_admin=_admin_question(context.bot, message.chat, query.from_user, None),
    )
    replies = await asyncio.to_thread(dispatch_button, query.data or "", request, services)
    for reply in replies:
        if reply.edit:
            await edit_reply(message, reply)
        else:
            await send_reply(context, message.chat_id, reply)


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List matching articles; choosing one posts its card."""
    inline = update.inline_query
    if inline is None:
        return
    services: Services = context.application.bot_data[SERVICES_KEY]
    if not services.allowed_chats.allows(inline.from_user.id):
        await inline.answer([], cache_time=0, is_personal=True)
        return
    cards = await asyncio.to_thread(inline_cards, inline.query, services) if inline.query else []
    await inline.answer(
        [
            InlineQueryResultArticle(
                id=card.id,
                title=card.title,
                description=card.description,
                input_message_content=InputTextMessageContent(
                    split_message(card.html)[0],
                    parse_mode=ParseMode.HTML,
                    link_preview_options=_NO_PREVIEW,
                ),
            )
            for card in cards
        ],
        cache_time=30,
        is_personal=False,
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure; tell the person something short if there is someone to tell.

    Telegram out of reach is no bug: one line, and nobody can be told anyway."""
    if isinstance(context.error, NetworkError) and not isinstance(context.error, BadRequest):
        log.error("Telegram cannot be reached: %s", context.error)
        return
    log.error("Update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(
                update.effective_chat.id, "Sorry, something went wrong. It has been logged."
            )
        except Exception:
            log.exception("Could not tell the chat about the failure")


def _request(message: Message, name: str, args: str, bot: Bot) -> Request:
    replied = message.reply_to_message
    return Request(
        command=name,
        args=args,
        chat_id=message.chat_id,
        chat_type=message.chat.type,
        user_id=message.from_user.id if message.from_user else None,
        replied_text=(replied.text or replied.caption or "") if replied else None,
        is_chat_admin=_admin_question(bot, message.chat, message.from_user, message.sender_chat),
    )


def _admin_question(
    bot: Bot, chat: Chat, user: User | None, sender_chat: Chat | None
) -> Callable[[], bool] | None:
    """For a group: whether the sender administers it, asked of Telegram only if a
    handler calls it (from its worker thread, on this event loop)."""
    if chat.type == ChatType.PRIVATE:
        return None
    if sender_chat is not None and sender_chat.id == chat.id:
        return lambda: True  # an anonymous administrator, posting as the group
    if user is None:
        return lambda: False
    loop = asyncio.get_running_loop()

    async def ask() -> bool:
        member = await bot.get_chat_member(chat.id, user.id)
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

    return lambda: asyncio.run_coroutine_threadsafe(ask(), loop).result(timeout=30)


async def _answer(message: Message, request: Request, context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data[SERVICES_KEY]
    reply_to = message.message_id if message.chat.type != ChatType.PRIVATE else None
    if await _refused(message.chat_id, services, context, reply_to=reply_to):
        return
    replies = await asyncio.to_thread(dispatch, request, services)
    for reply in replies:
        await send_reply(context, message.chat_id, reply, reply_to=reply_to)


async def _refused(
    chat_id: int,
    services: Services,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    reply_to: int | None = None,
) -> bool:
    """Whether the chat is outside BRIEFBOT_ALLOWED_CHATS; if so it has been told."""
    if services.allowed_chats.allows(chat_id):
        return False
    log.info("Refused chat %s: not in BRIEFBOT_ALLOWED_CHATS", chat_id)
    refusal = Reply(escape(services.allowed_chats.refusal(chat_id)))
    await send_reply(context, chat_id, refusal, reply_to=reply_to)
    return True


async def send_reply(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, *, reply_to: int | None = None
) -> None:
    """Send one reply, split into parts; buttons go under the last part."""
    bot = context.bot
    if reply.document is not None:
        document = reply.document
        await with_retries(
            bot.send_document,
            chat_id,
            InputFile(document.data, filename=document.name),
            caption=reply.html,
            parse_mode=ParseMode.HTML,
            what=f"a file to chat {chat_id}",
        )
        return
    parts = split_message(reply.html)
    for index, part in enumerate(parts):
        markup = keyboard(reply) if index == len(parts) - 1 else None
        kwargs = {
            "reply_markup": markup,
            "link_preview_options": _NO_PREVIEW,
            "reply_parameters": (
                ReplyParameters(reply_to, allow_sending_without_reply=True)
                if reply_to is not None and index == 0
                else None
            ),
        }
        what = f"a reply to chat {chat_id}"
        try:
            await with_retries(
                bot.send_message, chat_id, part, parse_mode=ParseMode.HTML, what=what, **kwargs
            )
        except BadRequest as error:
            if "can't parse entities" not in error.message.lower():
                raise
            log.error("Telegram refused our HTML (%s); sending it as plain text", error.message)
            await with_retries(bot.send_message, chat_id, to_plain(part), what=what, **kwargs)


async def edit_reply(message: Message, reply: Reply) -> None:
    """Replace a message's text and buttons with the reply (its first part)."""
    part = split_message(reply.html)[0]
    try:
        await message.edit_text(
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply),
            link_preview_options=_NO_PREVIEW,
        )
    except BadRequest as error:
        if "message is not modified" not in error.message.lower():
            raise


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's button rows as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(button.label, callback_data=button.data, url=button.url)
                for button in row
            ]
            for row in reply.buttons
        ]
    )
