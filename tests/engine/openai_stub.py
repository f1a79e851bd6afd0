"""A local OpenAI-compatible server: queued chat.completions answers, every request recorded."""

import json
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse


class OpenAIStub:
    """`enqueue` scripted answers (text, tool calls, a delay, a raw body); `.requests` holds what came in."""

    def __init__(self):
        self.queue: list[dict] = []
        self.requests: list[dict] = []
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._complete)

    def enqueue_text(self, content: str, delay: float = 0.0) -> None:
        self.queue.append({"message": {"role": "assistant", "content": content}, "finish": "stop", "delay": delay})

    def enqueue_tool(self, name: str, args: dict, call_id: str = "call_1") -> None:
        call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        self.queue.append({"message": {"role": "assistant", "content": None, "tool_calls": [call]},
                           "finish": "tool_calls", "delay": 0.0})

    def enqueue_raw(self, body: str, status: int = 200) -> None:
        self.queue.append({"raw": body, "status": status, "delay": 0.0})

    async def _complete(self, request: Request):
        self.requests.append(await request.json())
        answer = self.queue.pop(0) if self.queue else {"raw": "queue empty", "status": 500, "delay": 0.0}
        if answer["delay"]:
            time.sleep(answer["delay"])  # blocks this stub only: the client times out first
        if "raw" in answer:
            return PlainTextResponse(answer["raw"], status_code=answer["status"], media_type="application/json")
        return JSONResponse({
            "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub-model",
            "choices": [{"index": 0, "message": answer["message"], "finish_reason": answer["finish"]}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
