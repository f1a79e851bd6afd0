"""A local OpenAI-compatible server: queued chat.completions answers, every request recorded.

Answers come from the queue, else from `policy` (a function of the request's JSON returning an answer
made with `text_answer` / `tool_answer`): a scripted model that can play a whole conversation set.
"""

import asyncio
import json
import time

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse


def text_answer(content: str, delay: float = 0.0) -> dict:
    return {"message": {"role": "assistant", "content": content}, "finish": "stop", "delay": delay}


def tool_answer(*calls: tuple[str, dict | str]) -> dict:
    """Tool calls (parallel when several); arguments given as a string are sent as they are (malformed JSON)."""
    out = [{"id": f"call_{i}", "type": "function",
            "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)}}
           for i, (name, args) in enumerate(calls, start=1)]
    return {"message": {"role": "assistant", "content": None, "tool_calls": out}, "finish": "tool_calls", "delay": 0.0}


class OpenAIStub:
    """`enqueue` scripted answers (text, tool calls, a delay, a raw body); `.requests` holds what came in."""

    def __init__(self):
        self.queue: list[dict] = []
        self.requests: list[dict] = []
        self.policy = None
        self.cancelled = 0
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._complete)

    def enqueue_text(self, content: str, delay: float = 0.0) -> None:
        self.queue.append({"message": {"role": "assistant", "content": content}, "finish": "stop", "delay": delay})

    def enqueue_tool(self, name: str, args: dict, call_id: str = "call_1") -> None:
        call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        self.queue.append({"message": {"role": "assistant", "content": None, "tool_calls": [call]},
                           "finish": "tool_calls", "delay": 0.0})

    def enqueue_calls(self, *calls: tuple[str, dict | str]) -> None:
        self.queue.append(tool_answer(*calls))

    def enqueue_raw(self, body: str, status: int = 200) -> None:
        self.queue.append({"raw": body, "status": status, "delay": 0.0})

    async def _complete(self, request: Request):
        self.requests.append(await request.json())
        if self.queue:
            answer = self.queue.pop(0)
        elif self.policy is not None:
            answer = self.policy(self.requests[-1])
        else:
            answer = {"raw": "queue empty", "status": 500, "delay": 0.0}
        if answer["delay"]:  # the client may time out first: a closed connection is counted in `cancelled`
            end = asyncio.get_running_loop().time() + answer["delay"]
            while asyncio.get_running_loop().time() < end:
                if await request.is_disconnected():
                    self.cancelled += 1
                    return PlainTextResponse("", status_code=499)
                await asyncio.sleep(0.05)
        if "raw" in answer:
            return PlainTextResponse(answer["raw"], status_code=answer["status"], media_type="application/json")
        if self.requests[-1].get("stream"):
            return StreamingResponse(self._chunks(answer), media_type="text/event-stream")
        return JSONResponse({
            "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub-model",
            "choices": [{"index": 0, "message": answer["message"], "finish_reason": answer["finish"]}],
            "usage": self._usage(self.requests[-1], answer["message"])})

    @staticmethod
    def _usage(request: dict, message: dict) -> dict:
        """Token counts estimated as characters / 4 (a stub has no tokenizer)."""
        prompt = len(json.dumps(request.get("messages", []), ensure_ascii=False)) + len(
            json.dumps(request.get("tools", []), ensure_ascii=False))
        completion = len(json.dumps(message, ensure_ascii=False))
        return {"prompt_tokens": prompt // 4, "completion_tokens": completion // 4,
                "total_tokens": (prompt + completion) // 4}

    @staticmethod
    def _chunks(answer: dict):
        """The answer as chat.completion.chunk SSE events: content in small pieces, tool calls whole."""
        def event(delta: dict, finish=None) -> str:
            body = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": 0, "model": "stub-model",
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return f"data: {json.dumps(body)}\n\n"

        message = answer["message"]
        if message.get("tool_calls"):
            calls = [dict(call, index=i) for i, call in enumerate(message["tool_calls"])]
            yield event({"role": "assistant", "content": None, "tool_calls": calls})
        else:
            text = message["content"] or ""
            for i in range(0, len(text), 5):
                if answer.get("chunk_delay"):
                    time.sleep(answer["chunk_delay"])  # a slow model: one 5-character piece at a time
                yield event({"role": "assistant", "content": text[i:i + 5]} if i == 0 else {"content": text[i:i + 5]})
        yield event({}, answer["finish"])
        yield "data: [DONE]\n\n"
