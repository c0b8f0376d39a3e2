"""The ``ds-tui`` command line. Headless commands never import Textual (a test checks it)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ds_tui import __version__, console_output, crash  # imported now: needed when nothing else can be
from ds_tui.i18n import LANGUAGES, locale_lang
from ds_tui.textsafe import clean, shown_path


# the top-level options that take a value: the command is the first word that is not one of their values
_VALUE_OPTIONS = ("--lang", "--lessons", "--theme")
# each command's parser, in the order `ds-tui --help` lists them (present and notes are added together)
_COMMANDS = ("validate", "hardware", "demo", "calc", "quiz", "review", "stats", "present", "notes")


def _command_in(argv: list[str]) -> str | None:
    """The command ``argv`` names ("" when it names none), or None when every command's parser is
    needed: help was asked for, or the word is no command (argparse then lists them)."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word == "--":
            return next(words, "") or None
        if word.startswith("-"):
            name = word.partition("=")[0]
            if "=" not in word and name.startswith("--") and any(o.startswith(name) for o in _VALUE_OPTIONS):
                next(words, None)  # its value (argparse takes an unambiguous prefix of an option too)
            continue
        if word not in _COMMANDS:
            return None
        return word if not {"-h", "--help"} & set(argv) else None
    return ""


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given ``argv``, only the parser of the command it names is built:
    building every command's (and importing the demo, training and classroom modules for it) was a
    good part of the TUI's start-up time."""
    parser = argparse.ArgumentParser(
        prog="ds-tui",
        description="Learn threads, processes and distributed training from your terminal.",
    )
    parser.add_argument("--version", action="version", version=f"ds-tui {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface and lesson language (default: from the locale, else en)")
    parser.add_argument("--lessons", metavar="DIR", action="append", type=Path, default=[],
                        help="a folder of extra lessons, shown beside the bundled ones (repeatable)")
    parser.add_argument("--theme", metavar="NAME", help="colour theme (e.g. textual-dark, textual-light, nord)")
    only = None if argv is None else _command_in(argv)
    if only == "":  # no command: the TUI's home screen
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = _COMMANDS if only is None else (only,)

    if "validate" in wanted:
        validate = commands.add_parser("validate", help="check lesson files; each problem as PATH:LINE:COL: error: MESSAGE")
        validate.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                              help="lesson files or folders (default: the bundled lessons)")

    if "hardware" in wanted:
        hardware = commands.add_parser("hardware", help="this machine's CPU, GPU and memory, and what they mean")
        shape = hardware.add_mutually_exclusive_group()
        shape.add_argument("--json", action="store_true", help="a stable JSON document (keys in the README)")
        shape.add_argument("--markdown", action="store_true", help="a report to hand in, in the chosen language")
        shape.add_argument("--live", action="store_true", help="open the app on the live hardware screen")
        # SUPPRESS: a --lang given before the command (ds-tui --lang vi hardware) is not overwritten
        hardware.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                              help="report language (default: from the locale, else en)")

    if "demo" in wanted:
        from ds_tui.demos.cli import add_demo_parser  # the demo catalog: only for the demo command

        demo = add_demo_parser(commands)
        demo.add_argument("--live", action="store_true", help="open the app on this demo's screen")

    if "calc" in wanted:
        from ds_tui.training.cli import add_calc_parser  # the training calculators: only for calc

        add_calc_parser(commands)

    quiz = review = stats = None
    if "quiz" in wanted:
        quiz = commands.add_parser("quiz", help="open a quiz: one lesson's (--topic) or mixed across lessons")
        quiz.add_argument("--topic", metavar="LESSON_ID", help="the lesson whose quiz to take (default: a mixed quiz)")
    if "review" in wanted:
        review = commands.add_parser("review", help="open the spaced review: the questions due now")
    if "stats" in wanted:
        stats = commands.add_parser("stats", help="your progress: answers, accuracy per lesson and concept, what is due")
        stats.add_argument("--json", action="store_true", help="a JSON document (total answers under the key 'answers')")
    for sub in (quiz, review, stats):
        if sub is not None:
            sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                             help="language (default: from the locale, else en)")

    if "present" in wanted or "notes" in wanted:
        from ds_tui.classroom.cli import add_classroom_parsers  # only for present and notes

        add_classroom_parsers(commands)
    return parser


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def cmd_validate(paths: list[Path]) -> int:
    from ds_tui.lessons.library import bundled_lessons_dir, discover, load_paths

    bundled = bundled_lessons_dir()
    targets = paths or [bundled]
    missing = [p for p in targets if not os.path.lexists(p)]
    if missing:
        for p in missing:
            print(f"ds-tui validate: error: {shown_path(p)}: no such file or folder", file=sys.stderr)
        return 2
    files = [f for t in targets for f in discover(t)]
    if not files:
        print(f"ds-tui validate: no lesson files (*.yaml, *.yml) in {', '.join(map(shown_path, targets))}",
              file=sys.stderr)
        return 1
    # The app reads the bundled lessons first and refuses a lesson whose id one of them has: so does this.
    library = load_paths([bundled, *targets] if paths else targets)
    checked = {_real(f) for f in files}
    results = [r for r in library.results if _real(r.path) in checked]
    for result in results:
        for problem in result.problems:
            print(problem.format(path=_shown(result.path) if not paths else None))
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.problems) for r in results) - errors
    broken = sum(1 for r in results if r.lesson is None)
    summary = f"checked {len(results)} lesson file(s): {errors} error(s), {warnings} warning(s)"
    if broken:
        summary += f"; {broken} file(s) cannot be loaded"
    print(summary, file=sys.stderr)
    return 1 if errors else 0


def cmd_hardware(args: argparse.Namespace, lang: str) -> int:
    from ds_tui import jsonout
    from ds_tui.hardware import advise, as_json, as_markdown, as_text, probe_static

    report = probe_static()
    advice = advise(report)
    if args.json:
        print(jsonout.dumps(as_json(report, advice), indent=2))
    elif args.markdown:
        print(as_markdown(report, lang, advice))
    else:
        print(as_text(report, lang, advice))
    return 0


def cmd_stats(args: argparse.Namespace, lang: str) -> int:
    import time

    from ds_tui import jsonout
    from ds_tui.lessons import load_library
    from ds_tui.paths import data_dir
    from ds_tui.quiz import stats
    from ds_tui.store import Store, StoreError

    try:
        store = Store.open(data_dir())
    except (StoreError, OSError) as exc:
        print(f"ds-tui stats: error: {exc}", file=sys.stderr)
        return 1
    if store.notice:
        print(f"ds-tui stats: {store.notice.message}", file=sys.stderr)
    try:
        library = load_library(args.lessons, cache_file=data_dir() / "cache" / "lessons.json")
        now = time.time()
        result = stats.compute(library, store.question_states(), store.answer_count(), now)
    finally:
        store.close()
    if args.json:
        print(jsonout.dumps(stats.as_json(result), indent=2))
    else:
        print(clean(stats.as_text(result, library, lang, now)))
    return 0


def _lesson_ids(lesson_dirs: list[Path]) -> list[str]:
    from ds_tui.lessons import load_library
    from ds_tui.paths import data_dir

    return [lesson.id for lesson in load_library(lesson_dirs, cache_file=data_dir() / "cache" / "lessons.json").lessons]


def _demo_ids() -> set[str]:
    from ds_tui.demos.catalog import DEMOS

    return set(DEMOS)


def main(argv: list[str] | None = None) -> int:
    """The entry point. Whatever happens, the user sees at most one line about it, never a traceback:
    output that cannot be written (a full disk, a closed pipe) and anything unexpected (out of memory,
    no threads left, a bug) included; the latter's details go to a crash log in the data folder."""
    console_output.setup()  # UTF-8 to files and pipes, whatever the locale (see console_output)
    try:
        try:
            code = _main(argv)
        except SystemExit:  # argparse: --help, --version, a usage error; what it printed is flushed too
            console_output.flush()
            raise
        console_output.flush()  # a full disk shows here, not as a traceback at exit
        return code
    except console_output.OutputError as exc:
        return console_output.output_failed(exc)
    except KeyboardInterrupt:  # Ctrl+C before a command took charge of it
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        return crash.report(exc, argv)


def _lessons_problem(dirs: list[Path], must_exist: bool) -> str | None:
    """What is wrong with a --lessons folder, in words (None: nothing)."""
    for d in dirs:
        try:
            os.stat(d)  # not Path.is_dir: it raises or answers False for a folder we may not look into
        except (FileNotFoundError, NotADirectoryError):
            if must_exist:
                return f"--lessons {shown_path(d)}: not a folder"
            continue
        except OSError as exc:
            return f"--lessons {shown_path(d)}: cannot read it ({exc.strerror or exc})"
        if not d.is_dir():
            if must_exist:
                return f"--lessons {shown_path(d)}: not a folder"
        elif not os.access(d, os.R_OK | os.X_OK):
            return f"--lessons {shown_path(d)}: cannot read it (permission denied)"
    return None


def _main(argv: list[str] | None) -> int:
    args = _parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    lang = args.lang or getattr(args, "demo_lang", None) or locale_lang()  # demo keeps its own --lang
    if args.command == "validate":
        return cmd_validate(args.paths)
    if args.command == "hardware" and not args.live:
        return cmd_hardware(args, lang)
    if args.command == "demo" and not (args.live and args.name != "list"):
        from ds_tui.demos.cli import run_demo_cli

        return run_demo_cli(args)
    if args.command == "demo" and args.name not in _demo_ids():
        print(f"ds-tui demo: error: unknown demo '{args.name}'; see: ds-tui demo list", file=sys.stderr)
        return 2
    if args.command == "demo":  # the same checks as a headless run, before the screen opens
        from ds_tui.demos.catalog import DEMOS

        try:
            DEMOS[args.name].params({"workers": args.workers, "size": args.size, "microbatches": args.microbatches})
        except ValueError as exc:
            print(f"ds-tui demo: error: {exc}", file=sys.stderr)
            return 2
    if args.command == "calc":
        from ds_tui.training.cli import run_calc

        return run_calc(args)
    problem = _lessons_problem(args.lessons, must_exist=args.command != "stats")  # stats skips a missing one
    if problem:
        print(f"ds-tui: error: {problem}", file=sys.stderr)
        return 2
    if args.command == "stats":
        return cmd_stats(args, lang)
    if args.command == "quiz" and args.topic:
        known = _lesson_ids(args.lessons)
        if args.topic not in known:
            print(f"ds-tui quiz: error: no lesson '{clean(args.topic, 200, one_line=True)}'; lessons: {', '.join(known)}",
                  file=sys.stderr)
            return 2
    if args.command == "notes":
        from ds_tui.ui.notes_app import run_notes

        return run_notes(lang, args.theme)
    present_id = None
    if args.command == "present":
        from ds_tui.classroom.cli import resolve_lesson

        present_id, problem = resolve_lesson(args.lessons, args.lesson, lang)
        if problem:
            print(f"ds-tui present: error: {clean(problem, 2000)}", file=sys.stderr)
            return 2
        args.theme = args.theme or "projector"
    from ds_tui.paths import data_dir
    from ds_tui.startup import preload

    loading = preload(args.lessons, data_dir())  # overlaps with importing Textual below
    from ds_tui.ui.launch import run_tui  # Textual is imported only for the TUI

    start = {"hardware": "hardware", "demo": f"demo:{getattr(args, 'name', '')}", "review": "review",
             "quiz": f"quiz:{getattr(args, 'topic', None) or ''}", "present": f"present:{present_id}"}.get(args.command or "")
    if args.command == "demo":  # the live screen starts with the parameters given on the command line
        start += f":{args.workers or ''}:{args.size or ''}:{args.microbatches or ''}"
    return run_tui(lang=lang, lesson_dirs=args.lessons, theme=args.theme, preloaded=loading, start=start)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
