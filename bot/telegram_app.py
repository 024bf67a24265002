"""The Telegram application: built from the settings, commands registered at start-up.

The rate limiter keeps sends under Telegram's limits (about 30 messages a second, 20 a
minute per group) and, on flood control (429), waits as told and tries again. Chats are
served side by side, each chat's updates in order (`bot.chat_order`).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application

from bot.chat_order import PerChatUpdateProcessor
from bot.commands import COMMANDS
from bot.feed_job import install_feed_polling
from bot.jobs import install_jobs
from bot.services import Services
from handlers.telegram import SERVICES_KEY, register

log = logging.getLogger(__name__)


def build_application(services: Services) -> Application:
    """An Application talking to the configured Bot API server, handlers wired."""
    settings = services.settings
    application = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_base_file_url)
        .post_init(_post_init)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(PerChatUpdateProcessor())
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    register(application)
    install_jobs(application)
    install_feed_polling(application)
    return application


async def _post_init(application: Application) -> None:
    await application.bot.set_my_commands(
        [BotCommand(command.name, command.description) for command in COMMANDS]
    )
    log.info("Connected as @%s; commands registered", application.bot.username)


def run_polling(services: Services) -> None:
    """Serve Telegram by long polling until interrupted."""
    build_application(services).run_polling(allowed_updates=Update.ALL_TYPES)


def run_webhook(services: Services, url: str, host: str, port: int) -> None:
    """Serve Telegram's webhook calls on host:port; updates without the secret are refused."""
    build_application(services).run_webhook(
        listen=host,
        port=port,
        url_path=urlsplit(url).path.lstrip("/"),
        webhook_url=url,
        secret_token=services.settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
    )
