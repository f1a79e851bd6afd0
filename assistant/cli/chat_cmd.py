"""`growthdoc chat [--session ID]`: a conversation in the terminal, through the same service as the web."""

import sys
from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("--session", help="continue this conversation (its id is printed at start)")
    parser.add_argument("--workspace", default="default", help="workspace of the conversation")


def _print_reply(reply) -> None:
    print(reply.text)  # a fallback notice, if any, already opens the text
    for i, citation in enumerate(reply.citations, 1):
        print(f"  [{i}] {citation.label} ({citation.source})")
    print()


def _upload(service, session_id: str, path: str, workspace: str) -> None:
    from assistant.core.errors import UserFacingError

    file = Path(path).expanduser()
    if not file.is_file():
        raise UserFacingError("engine.file_missing", path=path)
    result = service.add_upload(session_id, file.name, file.read_bytes(), workspace)
    print(result["reply"] + "\n")


def _turn(service, session_id: str, line: str, workspace: str, lang: str) -> None:
    from assistant.core.errors import UserFacingError

    try:
        if line.startswith("/upload"):
            _upload(service, session_id, line[len("/upload"):].strip(), workspace)
        else:
            _print_reply(service.send_message(session_id, line, workspace))
    except UserFacingError as err:  # a bad file or message: say so and keep talking
        print(err.message(lang) + "\n", file=sys.stderr)


def _lines():
    """Lines typed at a prompt (or piped in), until end of input."""
    if not sys.stdin.isatty():
        yield from sys.stdin
        return
    while True:
        try:
            yield input("> ")
        except EOFError:
            return


def run(args) -> int:
    from assistant.bootstrap import assemble
    from assistant.core.errors import UserFacingError
    from assistant.core.templates import text

    service = assemble().service
    session_id = args.session or service.create_session(args.workspace, "cli")
    session = service.get_session(session_id, args.workspace)
    if session is None:
        raise UserFacingError("engine.session_not_found")
    lang = args.lang or session["lang"]
    print(text("engine.cli_banner", lang, session_id=session_id))
    for line in _lines():
        line = line.strip()
        if line in ("/quit", "/exit"):
            break
        if line:
            _turn(service, session_id, line, args.workspace, lang)
    return 0
