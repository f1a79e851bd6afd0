"""`growthdoc eval SUITE`: run `eval/SUITE.py` (retrieval, diagnosis, conversations) and print its table.

Evals run from a checkout only: their datasets and uploads (`eval/`, `tests/fixtures/`) are not in the wheel.
"""

import importlib.util

from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    parser.add_argument("suite", help="retrieval | diagnosis | conversations | intake | dialogue")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--split", choices=("dev", "frozen", "frozen2"), action="append",
                        help="run this split of the suite's dataset (frozen, frozen2: written before tuning, out of sample)")
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
