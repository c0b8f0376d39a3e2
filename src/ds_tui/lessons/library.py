"""Find and load lesson files: the bundled ones plus a teacher's folders; a broken file never stops the rest."""

# no `from __future__ import annotations`: msgspec reads these Structs' types as objects instead of evaluating
# strings at the start-up cache's first decode (~1.5 ms of every start, ds_tui.lessons.cache)
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct

from ds_tui.lessons import cache
from ds_tui.lessons.bounded import read_bounded as read_bounded  # where the other readers import it from
from ds_tui.lessons.model import Lesson
from ds_tui.lessons.problems import Problem
from ds_tui.textsafe import clean

SUFFIXES = (".yaml", ".yml")


def bundled_lessons_dir() -> Path:
    """Inside an installed wheel the lessons ship as ``ds_tui/bundled_lessons``; in a checkout
    (editable install, tests) they are the repository's top-level ``lessons/``."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "bundled_lessons"
    return installed if installed.is_dir() else package.parent.parent / "lessons"


class LoadResult(Struct, frozen=True):
    path: Path
    lesson: Lesson | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def load_file(path: Path, shown_as: str | None = None) -> LoadResult:
    """Read and check one lesson file. Never raises: whatever goes wrong is this file's problem."""
    name = shown_as or str(path)
    try:
        return _load_file(path, name)
    except Exception as exc:  # a bug met by an odd file must not take the other lessons down
        message = f"cannot check this file: {type(exc).__name__}: {clean(str(exc), 200, one_line=True)}"
        return LoadResult(path, None, (Problem(name, 1, 1, "", message),))


def _load_file(path: Path, name: str) -> LoadResult:
    # imported here so that a start-up served from the cache never loads the YAML machinery
    # lazy: a start-up served from the cache never loads the YAML machinery
    from ds_tui.lessons.validate import build_lesson
    from ds_tui.lessons.yaml_source import MAX_BYTES, read_source

    try:
        data = read_bounded(path, MAX_BYTES)
    except ValueError as exc:  # refused before reading a huge file into memory
        size = exc.args[0]
        return LoadResult(path, None, (Problem(name, 1, 1, "", f"file is {size:,} bytes or more; lessons are limited to {MAX_BYTES:,} bytes"),))
    except OSError as exc:
        return LoadResult(path, None, (Problem(name, 1, 1, "", f"cannot read file: {exc.strerror or exc}"),))
    root, source_errors = read_source(data)
    problems = [Problem(name, e.line, e.col, "", e.message) for e in source_errors]
    if root is None:
        return LoadResult(path, None, tuple(problems))
    lesson, schema_problems = build_lesson(root, name)
    problems.extend(schema_problems)
    problems.sort(key=lambda p: (p.line, p.col))
    if any(p.is_error for p in problems):
        return LoadResult(path, None, tuple(problems))
    assert lesson is not None
    return LoadResult(path, _with_path(lesson, path), tuple(problems))


def _with_path(lesson: Lesson, path: Path) -> Lesson:
    return Lesson(lesson.id, lesson.order, lesson.title, lesson.sections, lesson.summary,
                  lesson.quiz, lesson.sources, path)


def discover(path: Path) -> list[Path]:
    """A file as given; a folder's lesson files (recursively), in name order. Never raises: what
    cannot be listed is left out (a file given by name is then reported when it is read)."""
    try:
        if not path.is_dir():
            return [path]
        found = []
        for p in path.rglob("*"):
            try:
                if p.suffix in SUFFIXES and p.is_file():
                    found.append(p)
            except OSError:  # a name too long, a loop of links: not a lesson file
                continue
        return sorted(found)
    except OSError:
        return [path]


def _unique(files: list[Path]) -> list[Path]:
    """Each file once, even when two of the folders given hold it (``--lessons lessons/`` in a checkout)."""
    seen: set[Path] = set()
    out = []
    for file in files:
        try:
            real = file.resolve()
        except (OSError, RuntimeError):
            real = file
        if real not in seen:
            seen.add(real)
            out.append(file)
    return out


class LessonLibrary(Struct):
    lessons: list[Lesson] = msgspec.field(default_factory=list)
    results: list[LoadResult] = msgspec.field(default_factory=list)

    @property
    def broken(self) -> list[LoadResult]:
        return [r for r in self.results if r.lesson is None]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]

    def get(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)


def load_paths(paths: list[Path], cache_file: Path | None = None) -> LessonLibrary:
    """Load every lesson file under ``paths``. A lesson id used twice keeps the first file.
    With ``cache_file``, unchanged files are served from the start-up cache."""
    files = _unique([file for path in paths for file in discover(path)])
    key = _cache_key(files) if cache_file is not None else None
    if cache_file is not None and key is not None:
        cached = _from_cache(cache_file, key)
        if cached is not None:
            return cached
    library = _assemble(_check_ids([load_file(file) for file in files]))
    if cache_file is not None and key is not None:
        cache.write(cache_file, key, [(r.path, r.lesson, r.problems) for r in library.results])
    return library


def load_cached(extra_dirs: list[Path] | None = None, cache_file: Path | None = None) -> LessonLibrary | None:
    """What load_library gives, if the start-up cache has it (no file changed); None if it would mean
    reading the lesson files (a first start, an edited lesson). It never parses a file."""
    if cache_file is None:
        return None
    files = _unique([file for path in lesson_paths(extra_dirs) for file in discover(path)])
    key = _cache_key(files)
    return _from_cache(cache_file, key) if key is not None else None


def _cache_key(files: list[Path]) -> list[list[Any]] | None:
    try:
        return cache.file_key(files)
    except OSError:  # a file gone or unreadable since it was found: read afresh, where it gets its message
        return None


def _from_cache(cache_file: Path, key: list[list[Any]]) -> LessonLibrary | None:
    cached = cache.read(cache_file, key)
    return _assemble([LoadResult(*entry) for entry in cached]) if cached is not None else None


def _check_ids(results: list[LoadResult]) -> list[LoadResult]:
    owners: dict[str, Path] = {}
    checked = []
    for result in results:
        lesson = result.lesson
        if lesson is not None and lesson.id in owners:
            clash = Problem(str(result.path), 1, 1, "id",
                            f"lesson id '{lesson.id}' is already used by {owners[lesson.id]}; give this lesson another id")
            result = LoadResult(result.path, None, result.problems + (clash,))
        elif lesson is not None:
            owners[lesson.id] = result.path
        checked.append(result)
    return checked


def _assemble(results: list[LoadResult]) -> LessonLibrary:
    lessons = sorted((r.lesson for r in results if r.lesson is not None), key=lambda lesson: (lesson.order, lesson.id))
    return LessonLibrary(lessons=lessons, results=results)


def load_library(extra_dirs: list[Path] | None = None, cache_file: Path | None = None) -> LessonLibrary:
    """The bundled lessons, then a teacher's folders (``--lessons DIR``)."""
    return load_paths(lesson_paths(extra_dirs), cache_file)


def lesson_paths(extra_dirs: list[Path] | None = None) -> list[Path]:
    """Where the app's lessons come from: the bundled ones first, then a teacher's folders."""
    return [bundled_lessons_dir(), *(extra_dirs or [])]
