"""Lessons: schema, safe loading, validation with precise positions. Plain Python, no UI."""

from ds_tui.lessons.library import (LessonLibrary, LoadResult, bundled_lessons_dir, load_cached, load_file, load_library,
                                     load_paths)
from ds_tui.i18n import Text
from ds_tui.lessons.model import Lesson, Question, QuestionKind, Section
from ds_tui.lessons.problems import Problem

__all__ = [
    "Lesson", "LessonLibrary", "LoadResult", "Problem", "Question", "QuestionKind", "Section", "Text",
    "bundled_lessons_dir", "load_cached", "load_file", "load_library", "load_paths",
]
