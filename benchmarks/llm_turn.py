"""The LLM turn's prompt budget and what holding a reply for its checks costs in time to first token.

1. Prompt budget: the parts of every request of a sample owner conversation (system prompt, tool
   schemas, history, the turn's facts), in characters and in tokens estimated at 4.5 characters a
   token — the ratio of the issue-17 measurement (llama.cpp, Qwen2.5 1.5B: 1,864 tokens for the
   8,452 characters of the old system prompt and tool schemas).
2. The checks' own cost: p50/p95 of `checks.violations` over the offline answers of the conversation set.
3. Time to first token, streamed vs held until checked, against the local stub playing a model at the
   speeds measured in issue 17 on this machine (36 prompt tokens/s read, 9.75 tokens/s written).

    .venv/bin/python benchmarks/llm_turn.py
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.core.revision import commit  # noqa: E402

CHARS_PER_TOKEN = 4.5
READ_TPS, WRITE_TPS = 36.0, 9.75
SAMPLE = ["Shop thời trang online, tháng rồi chạy ads hết 30 triệu, tiếp cận 400 nghìn người, 1.500 tin nhắn, "
          "chốt 12 đơn, giá trị đơn 450k", "có, khách là nữ văn phòng 25-35 tuổi, định vị hàng thiết kế",
          "làm sao tăng tỷ lệ chốt đơn từ tin nhắn?"]


def tokens(chars: int) -> int:
    return round(chars / CHARS_PER_TOKEN)


def prompt_budget():
    from langchain_core.messages import AIMessage
    from langchain_core.utils.function_calling import convert_to_openai_tool

    from assistant.bootstrap import build_offline, build_search
    from assistant.contracts import TurnContext
    from assistant.core.config import get_settings
    from assistant.engine.llm import LlmEngine
    from assistant.tools.session_tools import TOOLS
    from tests.engine.fakes import ToolCallingFake

    class Echo(ToolCallingFake):
        """Says GrowthDoc's answer back, like the scripted good model."""

        def _generate(self, messages, stop=None, run_manager=None, **kwargs):
            from langchain_core.outputs import ChatGeneration, ChatResult

            self.received.append(list(messages))
            text = messages[-1].content.split("<facts>")[1]
            answer = json.loads(text.split("</facts>")[0])["answer"]
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content=answer))])

    settings = get_settings()
    model = Echo(messages=iter([]))
    engine = LlmEngine(settings, build_offline(settings, build_search(settings)), chat_model=model)
    ctx = TurnContext(session_id="bench")
    tools = len(json.dumps([convert_to_openai_tool(t) for t in TOOLS], ensure_ascii=False))
    rows = []
    for n, message in enumerate(SAMPLE, start=1):
        reply = engine.respond(ctx, message)
        ctx.history += [{"role": "user", "text": message}, {"role": "assistant", "text": reply.text}]
        request = model.received[-1]
        system = len(request[0].content)
        last = request[-1].content
        facts = len(last) - len(message)
        history = sum(len(m.content) for m in request[1:-1])
        rows.append((n, system, tools, history, facts, len(reply.text)))
    return rows


def check_cost():
    from conversations import load_scenarios  # noqa: F401 (eval/ on the path below)

    from assistant.bootstrap import build_offline, build_search
    from assistant.contracts import TurnContext
    from assistant.core.config import get_settings
    from assistant.engine import checks

    settings = get_settings()
    offline = build_offline(settings, build_search(settings))
    timings = []
    for scenario in load_scenarios():
        ctx = TurnContext(session_id="bench", lang=scenario["lang"])
        for message in scenario["turns"]:
            if not isinstance(message, str):
                continue
            reply = offline.respond(ctx, message)
            ledger = checks.Ledger().add(ctx.snapshot, ctx.diagnosis, message)
            start = time.perf_counter()
            checks.violations(reply.text, ledger=ledger, citations=len(reply.citations), lang=ctx.lang, previous=None)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], len(timings)


def first_token(prompt_tokens: int, reply: str):
    """Seconds to the first text the owner sees: the model's tokens streamed, or its reply held for the checks."""
    from openai import OpenAI

    from tests.channels.fakes import LocalServer
    from tests.engine.openai_stub import OpenAIStub

    stub = OpenAIStub()
    read = prompt_tokens / READ_TPS
    per_chunk = (5 / CHARS_PER_TOKEN) / WRITE_TPS
    with LocalServer(stub.app) as server:
        client = OpenAI(base_url=f"{server.url}/v1", api_key="sk-bench")
        stub.queue.append({"message": {"role": "assistant", "content": reply}, "finish": "stop", "delay": read,
                           "chunk_delay": per_chunk})
        start = time.perf_counter()
        streamed = None
        for chunk in client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}],
                                                    stream=True):
            if streamed is None and chunk.choices and chunk.choices[0].delta.content:
                streamed = time.perf_counter() - start
        held = time.perf_counter() - start  # the whole reply, then the checks (milliseconds, measured above)
    return streamed, held


def main() -> int:
    sys.path.insert(0, str(ROOT / "eval"))
    print(f"LLM turn benchmark — commit {commit()} — tokens estimated at {CHARS_PER_TOKEN} characters a token")
    rows = prompt_budget()
    print("\n| turn | system prompt | tool schemas | history | owner message + facts | stable part (tokens) | "
          "whole request (tokens) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, system, tools, history, facts, _ in rows:
        whole = system + tools + history + facts + len(SAMPLE[n - 1])
        print(f"| {n} | {system} ch | {tools} ch | {history} ch | {facts + len(SAMPLE[n - 1])} ch | "
              f"{tokens(system + tools)} | {tokens(whole)} |")
    p50, p95, n = check_cost()
    print(f"\nchecks of a reply: p50 {p50:.2f} ms, p95 {p95:.2f} ms over {n} offline answers of the conversation set")
    n, system, tools, history, facts, reply_chars = rows[0]
    prompt = tokens(system + tools + facts)
    reply = "x" * min(reply_chars, 700)
    streamed, held = first_token(prompt, reply)
    print(f"\nfirst text on screen, a {prompt}-token prompt and a {tokens(len(reply))}-token reply at "
          f"{READ_TPS:g} tok/s read, {WRITE_TPS:g} tok/s written (stub):")
    print("| mode | first text (s) |\n|---|---:|")
    print(f"| model tokens streamed as written | {streamed:.1f} |")
    print(f"| reply held until checked | {held:.1f} |")
    print("| figures said back (deterministic, before the model) | < 0.2 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
