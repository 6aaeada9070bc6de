"""The route guard: what Gradio would accept from anyone, cut down to what the app needs.

Gradio 6 has no setting that turns off its upload route, and it runs any listener whose
name is posted to ``/gradio_api/call/<name>`` whatever its ``api_visibility`` (which only
hides it from the API page). Requests it cannot serve (an unknown session's event stream, a
listener name it cannot infer) fail inside Gradio with a traceback in the log for each one.
This ASGI middleware answers all of those with a plain 4xx and one log line, before Gradio
sees them:

* ``POST /gradio_api/upload``: refused, unless the app has an upload field (``uploads``,
  only with ``--allow-adding``); then refused without a ``Content-Length`` or when the
  request is larger than ``max_upload_bytes``, and Gradio bounds each file;
* ``/gradio_api/call/<name>`` and ``/call/v2/<name>``: only the public API names;
* ``/gradio_api/run/…`` and ``/gradio_api/api/…`` (the queue bypass): closed;
* ``GET /gradio_api/queue/data`` and ``GET /gradio_api/call/<name>/<event>``: only for a
  session or event the queue knows;
* ``POST /gradio_api/call/<name>`` with fewer values than the endpoint takes: the missing
  trailing arguments are sent as null (their defaults) instead of failing without a message;
  a body that is not a JSON object with a ``data`` list gets a 400 that says so.

The page's own traffic (``/gradio_api/queue/join`` with a function index, the event stream
of its own session) passes untouched.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

PREFIX = "/gradio_api"
# A call's body holds one question: the engine cuts a long one (and says so), and anything
# beyond this is refused before it is read into memory.
MAX_CALL_BYTES = 1024 * 1024
log = logging.getLogger("accordingto.web")

_CALL = re.compile(rf"^{PREFIX}/call/(?:v2/)?([^/]+)/?$")
_CALL_STREAM = re.compile(rf"^{PREFIX}/call/(?:v2/)?([^/]+)/([^/]+)/?$")
_BYPASS = re.compile(rf"^{PREFIX}/(?:run|api)(?:/|$)")

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class RouteGuard:
    """ASGI middleware in front of a Gradio app (see the module docstring)."""

    def __init__(
        self,
        app,
        blocks,
        public: set[str],
        uploads: bool = False,
        max_upload_bytes: int = MAX_CALL_BYTES,
    ) -> None:
        self.app = app
        self.blocks = blocks
        self.public = set(public)
        self.uploads = uploads
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self.refusal(scope)
            call = _CALL.match(scope["path"]) if scope["method"] == "POST" else None
            if refusal is None and call and "/v2/" not in scope["path"]:
                refusal, receive = await self._complete_arguments(call.group(1), receive)
            if refusal is not None:
                status, message = refusal
                log.warning("refused %s %s: %d %s", scope["method"], scope["path"], status, message)
                await _plain(send, status, message)
                return
        await self.app(scope, receive, send)

    async def _complete_arguments(self, name: str, receive: Receive):
        """Read a call's body; pad a short ``data`` list with nulls for the missing arguments."""
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_CALL_BYTES:
                return (413, f"The request is larger than {MAX_CALL_BYTES // 1024} KB."), receive
            if not message.get("more_body"):
                break
        try:
            payload = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            return (400, 'The body must be JSON: {"data": [question, k, previous]}.'), receive
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            return (400, 'The body must be a JSON object with a "data" list.'), receive
        wanted = self._arity(name)
        if wanted is not None and len(payload["data"]) < wanted:
            payload["data"] += [None] * (wanted - len(payload["data"]))
            body = json.dumps(payload).encode("utf-8")
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return None, replay

    def _arity(self, name: str) -> int | None:
        for fn in self.blocks.fns.values():
            if fn.api_name == name:
                return len(fn.inputs)
        return None

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """(status, message) for a request the app must not pass on, else None."""
        path, method = scope["path"], scope["method"]
        if not path.startswith(PREFIX):
            return None
        if path.rstrip("/") == f"{PREFIX}/upload":
            if not self.uploads:
                return 403, "This app takes no uploads."
            if method == "POST":
                return self._upload_refusal(scope)
        if _BYPASS.match(path):
            return 404, "Direct calls are closed; use POST /gradio_api/call/ask."
        if method == "POST" and (call := _CALL.match(path)):
            if call.group(1) not in self.public:
                return 404, f"No public endpoint named {call.group(1)!r}; the API is /ask."
            return None
        if method == "GET" and (stream := _CALL_STREAM.match(path)):
            if stream.group(1) not in self.public:
                return 404, f"No public endpoint named {stream.group(1)!r}; the API is /ask."
            if not self._event_known(stream.group(2)):
                return 404, "No such event: it finished and was read, or never existed."
            return None
        if method == "GET" and path.rstrip("/") == f"{PREFIX}/queue/data":
            session = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(
                "session_hash", [""]
            )[0]
            if not self._session_known(session):
                return 404, "No such session in the queue."
        return None

    def _upload_refusal(self, scope: Scope) -> tuple[int, str] | None:
        """An upload must say how large it is, and be no larger than the panel takes."""
        lengths = [v for k, v in scope.get("headers", []) if k.lower() == b"content-length"]
        try:
            length = int(lengths[0]) if lengths else None
        except ValueError:
            length = None
        if length is None:
            return 411, "An upload must have a Content-Length."
        if length > self.max_upload_bytes:
            return 413, f"The upload is larger than {self.max_upload_bytes // (1024 * 1024)} MB."
        return None

    # The queue's own bookkeeping, read the way Gradio's routes read it (gradio/routes.py).
    def _queue(self):
        return getattr(self.blocks, "_queue", None)

    def _session_known(self, session: str) -> bool:
        queue = self._queue()
        return bool(session) and queue is not None and session in queue.pending_messages_per_session

    def _event_known(self, event_id: str) -> bool:
        queue = self._queue()
        if queue is None:
            return False
        event = queue.event_ids_to_events.get(event_id)
        if event is not None:
            return event.session_hash in queue.pending_messages_per_session
        for session, ids in list(queue.pending_event_ids_session.items()):
            if event_id in ids:
                return session in queue.pending_messages_per_session
        return event_id in queue.pending_messages_per_session


async def _plain(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def public_api_names(blocks) -> set[str]:
    """The names of a Blocks' listeners that are public (documented) API endpoints."""
    return {
        fn.api_name
        for fn in blocks.fns.values()
        if isinstance(fn.api_name, str) and getattr(fn, "api_visibility", "public") == "public"
    }
