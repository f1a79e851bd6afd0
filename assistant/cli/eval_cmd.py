"""`growthdoc eval SUITE`: run `eval/SUITE.py` (retrieval, diagnosis, conversations, intake, llm) and print its table.

Evals run from a checkout only: their datasets and uploads (`eval/`, `tests/fixtures/`) are not in the wheel.
"""

import argparse
import importlib.util

from assistant.core.config import checkout
from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    parser.add_argument("suite", help="retrieval | diagnosis | conversations | intake | llm")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("rest", nargs=argparse.REMAINDER,
                        help="options passed to the suite (llm: --base-url URL --model NAME [--limit N])")


def run(args) -> int:
    root = checkout()
    if root is None:
        raise UserFacingError("common.eval_needs_checkout")
    eval_dir = root / "eval"
    path = eval_dir / f"{args.suite}.py"
    if not path.is_file():
        suites = ", ".join(sorted(p.stem for p in eval_dir.glob("*.py") if not p.stem.startswith("_")))
        raise UserFacingError("common.unknown_eval_suite", suite=args.suite, available=suites)
    spec = importlib.util.spec_from_file_location(f"growthdoc_eval_{args.suite}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.main(args) or 0)
