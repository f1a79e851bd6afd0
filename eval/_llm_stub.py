"""Scripted models behind a local OpenAI-compatible server, for `growthdoc eval llm` without a real model.

    python eval/_llm_stub.py --behaviour good --port 8091
    growthdoc eval llm --base-url http://127.0.0.1:8091/v1 --model scripted-good

- good: says GrowthDoc's answer from the facts back, as a well-behaved model does; searches the method
  notes first for a question the facts bring no source for.
- bad: each owner message gets one of the habits a real small model showed (issue 17), the same on
  every request of the turn: invented numbers, the wrong language, the same reply every time, a tool
  call written as text, malformed tool arguments, a tool loop, a copied citation label.
Checkout only (it uses the test stub server).
"""

import argparse
import json
import re
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engine.openai_stub import OpenAIStub, text_answer, tool_answer  # noqa: E402

_FACTS = re.compile(r"<facts>\s*(\{.*\})\s*</facts>", re.DOTALL)
HABITS = ("invent", "language", "repeat", "text_call", "malformed", "loop", "label")


def owner_turn(request: dict) -> tuple[str, dict]:
    """The owner's message and the turn's facts, from the last user message of a request."""
    last = next(m for m in reversed(request["messages"]) if m["role"] == "user" and "<facts>" in (m["content"] or ""))
    text = last["content"]
    found = _FACTS.search(text)
    return text.split("<facts>")[0].strip(), json.loads(found.group(1)) if found else {}


def good(request: dict) -> dict:
    message, facts = owner_turn(request)
    searched = any(m["role"] == "tool" for m in request["messages"])
    if message.rstrip().endswith("?") and not facts.get("sources") and not searched:
        return tool_answer(("search_knowledge", {"query": message}))  # a method question the facts do not answer
    english = "Answer in English" in request["messages"][0]["content"]
    return text_answer(facts.get("answer") or ("Anything else I can help with?" if english else
                                               "Dạ, anh/chị cần em giúp gì thêm ạ?"))


def bad(request: dict) -> dict:
    message, _ = owner_turn(request)
    habit = HABITS[zlib.crc32(message.encode()) % len(HABITS)]
    if habit == "invent":
        return text_answer("Tỷ lệ chốt của anh/chị là 12%, CTR 125%: nên thay đổi chiến lược để tập trung vào "
                           "chiến lược nội bộ và silo 6, tăng ngân sách lên 80 triệu.")
    if habit == "language":
        return text_answer("Certainly! Below is a detailed plan: first, define your goals; second, run more ads.")
    if habit == "repeat":
        return text_answer("Anh/chị nên tập trung vào chiến lược nội bộ và tối ưu hệ thống marketing.")
    if habit == "text_call":
        return text_answer('{"name": "make_draft", "arguments": {"kind": "agenda"}} Đây là agenda cho anh/chị.')
    if habit == "malformed":
        return tool_answer(("update_snapshot", '{"field": "leads", "value": 9'))
    if habit == "loop":
        return tool_answer(("search_knowledge", {"query": "silo"}))
    return text_answer("Theo phương pháp, cần phá silo giữa marketing và sales [Sáu silo nội bộ › Silo 6].")


def main() -> int:
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--behaviour", choices=("good", "bad"), default="good")
    parser.add_argument("--port", type=int, default=8091)
    options = parser.parse_args()
    stub = OpenAIStub()
    stub.policy = good if options.behaviour == "good" else bad
    uvicorn.run(stub.app, host="127.0.0.1", port=options.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
