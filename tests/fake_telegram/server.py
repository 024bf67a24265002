"""HTTP layer of the fake Telegram Bot API: real sockets, real JSON, real multipart uploads.

Why this module exists: the bot under test is a separate process talking HTTP to what it believes
is api.telegram.org. This module only translates HTTP to ``TelegramState.handle`` calls (and file
downloads); all Telegram behaviour lives in ``state.py``. Parameters are accepted the ways the Bot
API accepts them: query string, ``application/x-www-form-urlencoded``, ``application/json`` and
``multipart/form-data``; every value is turned into the string the Bot API server would see.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .state import JSON, TelegramState, UploadedFile

__all__ = ["FakeTelegram"]

_API_PATH = re.compile(r"^/bot([^/]*)/([^/]*)$")
_FILE_PATH = re.compile(r"^/file/bot([^/]*)/(.+)$")
_PARAM = re.compile(r';\s*([\w*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _json_value_to_arg(value: Any) -> str | None:
    """How the Bot API server reads a JSON body: strings as is, anything else re-encoded."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _header_params(header: str) -> dict[str, str]:
    """Parameters of a header like Content-Disposition / Content-Type (lower-case keys)."""
    params: dict[str, str] = {}
    for key, raw in _PARAM.findall(";" + header.split(";", 1)[-1] if ";" in header else ""):
        value = raw.strip()
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1]).replace("%22", '"')
        if key.lower().endswith("*") and "''" in value:
            key, value = key[:-1], unquote(value.split("''", 1)[1])
        params[key.lower()] = value
    return params


def parse_multipart(body: bytes, boundary: str) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Split a multipart/form-data body into string fields and file parts."""
    values: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = _header_params(headers.get("content-disposition", ""))
        content = content.removesuffix(b"\r\n")
        if "name" not in disposition:
            continue
        if "filename" in disposition:
            content_type = headers.get("content-type")
            files[disposition["name"]] = UploadedFile(
                disposition["filename"], content, content_type
            )
        else:
            values[disposition["name"]] = content.decode("utf-8", "replace")
    return values, files


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: TelegramState) -> None:
        super().__init__(address, _Handler)
        self.state = state
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # one write per response (flushed per request) ...
    disable_nagle_algorithm = True  # ... and no Nagle/delayed-ACK stalls on keep-alive
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``FakeTelegram.calls`` instead."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        try:
            url = urlsplit(self.path)
            body = self._read_body()
            if match := _FILE_PATH.match(unquote(url.path)):
                self._download(match.group(1), match.group(2))
                return
            match = _API_PATH.match(unquote(url.path))
            if match is None:
                self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            values = dict(parse_qsl(url.query, keep_blank_values=True))
            fields, files = self._parse_body(body)
            values.update(fields)
            state = self.server.state
            status, answer = state.handle(match.group(1), match.group(2), values, files)
            time.sleep(state.answer_delay(match.group(2)))
            self._send_json(status, answer)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away (e.g. the bot process stopped)
        except _BadBody as error:
            self._send_json(400, {"ok": False, "error_code": 400, "description": str(error)})

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _parse_body(self, body: bytes) -> tuple[dict[str, str], dict[str, UploadedFile]]:
        if not body:
            return {}, {}
        content_type = self.headers.get("Content-Type", "")
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "multipart/form-data":
            boundary = _header_params(content_type).get("boundary")
            if not boundary:
                raise _BadBody("Bad Request: multipart boundary is missing")
            return parse_multipart(body, boundary)
        if kind == "application/json":
            try:
                decoded = json.loads(body)
            except ValueError:
                raise _BadBody("Bad Request: can't parse JSON object") from None
            if not isinstance(decoded, dict):
                raise _BadBody("Bad Request: can't parse JSON object")
            pairs = ((key, _json_value_to_arg(value)) for key, value in decoded.items())
            return {key: value for key, value in pairs if value is not None}, {}
        return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)), {}

    def _download(self, token: str, file_path: str) -> None:
        state = self.server.state
        if token != state.token:
            self._send_json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        stored = state.file_by_path(file_path)
        if stored is None:
            self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self._send(200, stored.data, stored.mime_type or "application/octet-stream")

    def _send_json(self, status: int, body: JSON) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._send(status, payload, "application/json")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _BadBody(Exception):
    """The request body could not be decoded."""


class FakeTelegram(TelegramState):
    """A fake Telegram Bot API server on 127.0.0.1 (random free port) plus its test-side API.

    Serving: ``start()``/``stop()`` or ``with FakeTelegram(...) as tg``; give the bot
    ``tg.base_url`` and ``tg.base_file_url`` (PTB's ``base_url``/``base_file_url``).
    World: ``user()``, ``private_chat()``, ``group()``, ``block_bot()``, ``kick_bot()``,
    ``migrate_to_supergroup()``. User actions: ``send_message()``, ``send_document()``,
    ``press_button()``, ``send_inline_query()``, ``choose_inline_result()``. Inspection:
    ``bot_messages()``, ``messages()``, ``calls``, ``failed_calls``, ``my_commands``,
    ``callback_answers``, ``inline_answers``, ``pending_updates``, ``dump()``. Waiting (condition
    variable, with timeouts): ``wait_for_bot_messages()``, ``wait_for_edit()``,
    ``wait_for_call()``, ``wait_for_polling()``, ``wait_for_callback_answer()``,
    ``wait_for_inline_answer()``, ``wait_until()``. Failures: ``fail_next()``, ``slow_down()``.
    """

    def __init__(
        self,
        token: str = "123456:TEST-secret-token",
        bot_username: str = "briefbot_test_bot",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        **options: Any,
    ) -> None:
        super().__init__(token, bot_username, **options)
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not started")
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        return f"http://{self._address[0]}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for TELEGRAM_API_BASE_URL / ``Bot(base_url=...)``."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for TELEGRAM_API_BASE_FILE_URL / ``Bot(base_file_url=...)``."""
        return f"{self.root_url}/file/bot"

    def start(self) -> FakeTelegram:
        """Serve; after `stop`, again on the same port (the network came back)."""
        if self._server is not None:
            return self
        self._server = _Server(self._address, self)
        self._address = (self._address[0], self.port)
        self.reopen()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-telegram:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: long polls end, open connections are cut, the port is released."""
        server, self._server = self._server, None
        if server is None:
            return
        self.close()
        server.shutdown()
        with server.connections_lock:
            connections = list(server.connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
