"""`growthdoc chat`: not built yet (see the open issues)."""

import sys


def configure(parser) -> None:
    parser.add_argument("args", nargs="*")


def run(args) -> int:
    print("growthdoc chat: not available yet", file=sys.stderr)
    return 1
