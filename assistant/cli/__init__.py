"""The `growthdoc` command. Each subcommand lives in its own module with `configure` and `run`.

Command modules import nothing heavy at module level (LangChain, Chroma, polars, Jinja2, the
settings…): they import inside `run`, so each command loads what it uses and `--help` is instant
(tests/cli/test_start_up.py holds every command to it).
"""

import argparse
import importlib
import sys

from assistant.core.errors import UserFacingError

COMMANDS = {
    "serve": "start the web server (API, widget, channel webhooks)",
    "chat": "talk to the assistant in the terminal",
    "ingest": "index the knowledge base (incremental)",
    "search": "search the knowledge base",
    "kpi": "read exports and compute funnel KPIs",
    "diagnose": "diagnose a funnel snapshot or exports",
    "agenda": "draft a campaign kick-off agenda",
    "report": "write a consultant report (HTML, Markdown, DOCX or PDF)",
    "compare": "compare this month with the previous one (and last year's), KPI by KPI",
    "whatif": "forecast a budget, what-if on a rate, break-even and a budget split",
    "eval": "run an evaluation and print its metrics",
    "purge": "erase conversations and uploads older than the retention (dry run unless --yes)",
    "db": "migrate the database to this version's schema (`db upgrade`) or show it (`db current`)",
}


def _module(name: str):
    return importlib.import_module(f"assistant.cli.{name}_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="growthdoc", description="GrowthDoc marketing assistant")
    parser.add_argument("--lang", choices=["vi", "en"], default=None, help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in COMMANDS.items():
        _module(name).configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # `--help` and usage errors end here, before any heavy import
    from assistant.core.config import get_settings
    from assistant.core.templates import use_prompts

    lang = args.lang or "vi"
    try:
        use_prompts(get_settings().prompts_dir)
        return int(_module(args.command).run(args) or 0)
    except UserFacingError as err:
        print(err.message(lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
