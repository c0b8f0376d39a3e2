"""The ``ds-tui`` command line. Headless commands never import Textual (a test checks it)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from ds_tui import __version__, console_output, crash, startup_gc  # imported now: needed when nothing else can be
from ds_tui.i18n import LANGUAGES, locale_lang, t
from ds_tui.textsafe import clean, shown_path


# the top-level options that take a value: the command is the first word that is not one of their values
_VALUE_OPTIONS = ("--lang", "--lessons", "--theme")
# each command's parser, in the order `ds-tui --help` lists them (present, join and notes are added together)
_COMMANDS = ("validate", "hardware", "demo", "calc", "quiz", "review", "stats", "present", "join", "notes")


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
        hardware.add_argument("--output", "-o", metavar="PATH",  # a str: a trailing / says "a folder"
                              help="save the report (Markdown, or --json) there instead of printing it: a file, or a "
                                   "folder for hardware-report-LANG.md; if it cannot be written there, in the data folder")
        hardware.add_argument("--name", metavar="NAME", help="your name, written in the report (remembered)")
        hardware.add_argument("--class", dest="student_class", metavar="CLASS",
                              help="your class, written in the report (remembered)")

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

    if {"present", "notes", "join"} & set(wanted):
        from ds_tui.classroom.cli import add_classroom_parsers  # only for present, join and notes

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
    def many(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    summary = (f"checked {many(len(results), 'lesson file')}: {many(errors, 'error')}, "
               f"{many(warnings, 'warning')}")
    if broken:
        summary += f"; {many(broken, 'file')} cannot be loaded"
    print(summary, file=sys.stderr)
    return 1 if errors else 0


def cmd_hardware(args: argparse.Namespace, lang: str) -> int:
    from ds_tui import jsonout
    from ds_tui.hardware import advise, as_json, as_markdown, as_text, probe_static
    from ds_tui.paths import data_dir
    from ds_tui.settings import MAX_NAME, check_text, load_settings, update_settings

    home = data_dir()
    student = {"student_name": args.name, "student_class": args.student_class}
    given = {key: value for key, value in student.items() if value is not None}
    for key, value in given.items():
        if check_text(value, MAX_NAME) is None:
            print(f"ds-tui hardware: error: {t('report.bad_text', lang, limit=MAX_NAME)}", file=sys.stderr)
            return 2
        given[key] = " ".join(value.split())
    if given:
        try:
            saved = update_settings(home, **given)
        except OSError as exc:
            print(f"ds-tui: warning: {t('settings.save_failed', lang, error=clean(exc.strerror or str(exc), 200, one_line=True))}",
                  file=sys.stderr)
            from msgspec.structs import replace

            saved = replace(load_settings(home).settings, **given)
    else:
        saved = load_settings(home).settings
    name, group = saved.student_name, saved.student_class
    report = probe_static()
    advice = advise(report)
    out = sys.stdout if args.output is None else None
    markdown = args.markdown or (args.output is not None and not args.json)  # a saved report is the one to hand in
    if args.json:
        text = jsonout.dumps(as_json(report, advice), indent=2) + "\n"
    elif markdown:
        text = as_markdown(report, lang, advice, student=name, group=group)
    else:
        text = as_text(report, lang, advice, width=console_output.text_width(out) if out else None,
                       student=name, group=group)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from ds_tui.hardware.save import report_filename, save_report, target_path

    path = target_path(args.output, report_filename(lang, json=args.json))
    result = save_report(text, path, home)
    print(result.message(lang), file=sys.stderr)
    return 0 if result.path is not None else 1


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
        library = load_library(args.lessons, cache_file=data_dir() / "cache" / "lessons.msgpack")
        now = time.time()
        result = stats.compute(library, store.question_states(), store.answer_count(), now)
    finally:
        store.close()
    if args.json:
        print(jsonout.dumps(stats.as_json(result), indent=2))
    else:
        print(clean(stats.as_text(result, library, lang, now)))
    return 0


def _demo_ids() -> set[str]:
    from ds_tui.demos.catalog import DEMOS

    return set(DEMOS)


def main(argv: list[str] | None = None) -> int:
    """The entry point. Whatever happens, the user sees at most one line about it, never a traceback:
    output that cannot be written (a full disk, a closed pipe) and anything unexpected (out of memory,
    no threads left, a bug) included; the latter's details go to a crash log in the data folder."""
    console_output.setup()  # UTF-8 to files and pipes, whatever the locale (see console_output)
    # log records nobody asked for (hashlib's, with a traceback, when memory runs out; a library's
    # warnings) would be written over the interface or into a command's output: ds-tui tells the user itself
    root = logging.getLogger()
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
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
    finally:
        startup_gc.resume()  # the app resumed it when its first screen was drawn, unless it never got that far


def _lessons_problem(dirs: list[Path], lang: str) -> str | None:
    """What is wrong with a --lessons folder, in one line (None: nothing). Every command checks them."""
    for d in dirs:
        try:
            os.stat(d)  # not Path.is_dir: it raises or answers False for a folder we may not look into
        except (FileNotFoundError, NotADirectoryError):
            return t("lessons.no_folder", lang, path=shown_path(d))
        except OSError as exc:
            return f"--lessons {shown_path(d)}: cannot read it ({exc.strerror or exc})"
        if not d.is_dir():
            return f"--lessons {shown_path(d)}: not a folder"
        if not os.access(d, os.R_OK | os.X_OK):
            return f"--lessons {shown_path(d)}: cannot read it (permission denied)"
    return None


def _main(argv: list[str] | None) -> int:
    args = _parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    opens_app = args.command in (None, "review", "quiz", "present") or (
        args.command in ("hardware", "demo") and getattr(args, "live", False) and getattr(args, "name", "") != "list")
    if not opens_app:  # only the app's start waits for its first screen (ds_tui.startup_gc)
        startup_gc.resume()
    from ds_tui.paths import data_dir
    from ds_tui.settings import load_settings

    settings = load_settings(data_dir())
    # a flag on the command line wins over the saved language; demo keeps its own --lang
    lang = args.lang or getattr(args, "demo_lang", None) or settings.settings.lang or locale_lang()
    if args.command == "demo" and not getattr(args, "demo_lang", None) and not args.lang:
        args.demo_lang = lang
    args.lang = lang  # calc and the rest read it from here
    notice = settings.warning(lang)
    tui = opens_app or args.command == "notes"
    if notice and not tui:  # the app shows it as a notification
        print(f"ds-tui: warning: {notice}", file=sys.stderr)
    problem = _lessons_problem(args.lessons, lang)
    if problem:
        print(f"ds-tui: error: {problem}", file=sys.stderr)
        return 2
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
    if args.command == "stats":
        return cmd_stats(args, lang)
    if console_output.dumb_terminal():  # checked after the commands that print plain text
        print(t("term.dumb", lang), file=sys.stderr)
        return 1
    topic = None
    if args.command == "quiz" and args.topic:
        from ds_tui.lessons.naming import resolve_lesson

        topic, problem = resolve_lesson(args.lessons, args.topic, lang)
        if problem:
            print(f"ds-tui quiz: error: {problem}", file=sys.stderr)
            return 2
    if args.command == "notes":
        from ds_tui.ui.notes_app import run_notes

        return run_notes(lang, args.theme, settings.settings.theme, [notice] if notice else [])
    if args.command == "join":
        from ds_tui.ui.join_app import run_join

        if args.name is None:  # the name saved with the hardware report (ds-tui hardware --name)
            args.name = settings.settings.student_name or None
        return run_join(args, lang)
    present_id, serve = None, None
    saved_theme = settings.settings.theme
    if args.command == "present":
        from ds_tui.lessons.naming import resolve_lesson

        present_id, problem = resolve_lesson(args.lessons, args.lesson, lang)
        if problem:
            print(f"ds-tui present: error: {problem}", file=sys.stderr)
            return 2
        from ds_tui.classroom.cli import serve_options

        serve, problem = serve_options(args, lang)
        if problem:
            print(f"ds-tui present: error: {clean(problem, 2000)}", file=sys.stderr)
            return 2
        if not args.theme and not (saved_theme or "").startswith("projector"):
            args.theme = "projector"
    from ds_tui.startup import preload

    # at once from the start-up cache, else in a thread beside Textual's start; the live hardware screen
    # loads them only when left (DsTuiApp.ensure_loaded)
    loading = preload(args.lessons, data_dir()) if args.command != "hardware" else None
    from ds_tui.ui.launch import run_tui  # Textual is imported only for the TUI

    from ds_tui.start_request import StartRequest

    start = None
    if args.command == "hardware":
        start = StartRequest("hardware")
    elif args.command == "demo":  # the live screen starts with the parameters given, and runs at once
        start = StartRequest("demo", demo=args.name, workers=args.workers or None, size=args.size or None,
                             microbatches=args.microbatches or None, run=True)
    elif args.command == "review":
        start = StartRequest("review")
    elif args.command == "quiz":
        start = StartRequest("quiz", lesson=topic or None)
    elif args.command == "present":
        start = StartRequest("present", lesson=present_id)
    return run_tui(lang=lang, lesson_dirs=args.lessons, theme=args.theme, preloaded=loading, start=start,
                   saved_theme=saved_theme, notices=[notice] if notice else [], serve=serve)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
