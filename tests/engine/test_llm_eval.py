"""`growthdoc eval llm` against the local stub: a well-behaved scripted model and a bad one."""

import importlib.util
import json

import pytest

from assistant.cli import main
from assistant.core.config import PROJECT_ROOT
from tests.channels.fakes import LocalServer
from tests.engine.openai_stub import OpenAIStub


def _policies():
    spec = importlib.util.spec_from_file_location("llm_stub", PROJECT_ROOT / "eval" / "_llm_stub.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("behaviour", ["good", "bad"])
def test_the_eval_names_the_model_and_tells_a_good_model_from_a_bad_one(behaviour, capsys):
    stub = OpenAIStub()
    stub.policy = getattr(_policies(), behaviour)
    with LocalServer(stub.app) as server:
        code = main(["eval", "llm", "--base-url", f"{server.url}/v1", "--model", f"scripted-{behaviour}",
                     "--limit", "3", "--dialogue", "--json"])
    metrics = json.loads(capsys.readouterr().out)
    assert code == 0 and metrics["model"] == f"scripted-{behaviour}" and metrics["commit"]
    assert metrics["scenarios"] == 3 and stub.requests
    assert metrics["dialogue_turns"] == 3  # the dialogue set of the split too
    if behaviour == "good":
        assert metrics["fallback_rate"] == 0 and metrics["number_faithfulness"] == 1
        assert metrics["dialogue_fallback_rate"] == 0
    else:
        assert metrics["fallback_rate"] > 0.5 and metrics["dialogue_fallback_rate"] > 0.5
