"""`growthdoc eval SUITE`: run `eval/SUITE.py` (retrieval, diagnosis, conversations, intake, llm) and print its table.

Evals run from a checkout only: their datasets and uploads (`eval/`, `tests/fixtures/`) are not in the wheel.
"""

import importlib.util

from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    parser.add_argument("suite", help="retrieval | diagnosis | conversations | intake | dialogue | llm")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--split", action="append",
                        help="run this split of the suite's dataset: dev, or a held-out one (frozen, frozen2 …: "
                             "written before tuning, out of sample); the suite says which it has")
    parser.add_argument("--base-url", help="llm: an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8081/v1")
    parser.add_argument("--model", help="llm: the model name that endpoint expects")
    parser.add_argument("--api-key", default="sk-local", help="llm: the key the endpoint expects (local servers ignore it)")
    parser.add_argument("--limit", type=int, default=0, help="llm: play only the first N scenarios")
    parser.add_argument("--dialogue", action="store_true", help="llm: also play the dialogue set of the split")
    parser.add_argument("rest", nargs="*", help="options passed to the suite")


def checkout():
    """The repository checkout this runs from, or None (an installed wheel)."""
    from assistant.core.config import checkout as found

    return found()


def run(args) -> int:
    root = checkout()
    if root is None:
        raise UserFacingError("common.eval_needs_checkout")
    eval_dir = root / "eval"
    path = eval_dir / f"{args.suite}.py"
    if not path.is_file():
        suites = ", ".join(sorted(p.stem for p in eval_dir.glob("*.py") if not p.stem.startswith("_")))
        raise UserFacingError("common.unknown_eval_suite", suite=args.suite, available=suites)
    args.rest = [*(args.rest or []), *(x for split in args.split or [] for x in ("--split", split))]
    spec = importlib.util.spec_from_file_location(f"growthdoc_eval_{args.suite}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.main(args) or 0)
