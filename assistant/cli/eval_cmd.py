"""`growthdoc eval`: not built yet (see the open issues)."""

import sys


def configure(parser) -> None:
    parser.add_argument("args", nargs="*")


def run(args) -> int:
    print("growthdoc eval: not available yet", file=sys.stderr)
    return 1
