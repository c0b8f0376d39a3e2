"""The user's keymap file and the presenter's state file are read as untrusted input: bounded, checked,
never able to take the app down or to take a screen's quit keys away."""

from __future__ import annotations

import json
import os
import resource
import threading
import time

import pytest

from ds_tui.classroom.presence import MAX_STATE_BYTES, elapsed_text, pid_alive, read_state, state_path
from ds_tui.keymap import MAX_ENTRIES, KeyScreen, KeySpec, load_keymap, quit_keys, summary

RAW = "\x1b"


def laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, levels):
        text += f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 9)}]\n"
    return text


def test_billion_laughs_keymap_is_refused_at_once(tmp_path):
    (tmp_path / "keymap.yaml").write_text(laughs() + 'present.next: "n"\n', encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    loaded = load_keymap(tmp_path, {"present.next"})
    assert time.monotonic() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: nothing was expanded
    assert loaded.keymap == {} and len(loaded.warnings) == 1
    assert "aliases (*a) are not supported" in loaded.warnings[0] and "line 2" in loaded.warnings[0]


@pytest.mark.parametrize("text", ["present.next: !!python/object/apply:os.system ['true']\n",
                                  "present.next: &x n\npresent.back: *x\n", "<<: {present.next: n}\n",
                                  "[" * 50_000, "present.next: \"\\e]52;c;aGk=\\a\"\n"])
def test_yaml_keymap_that_is_not_plain_data_is_a_warning(tmp_path, text):
    (tmp_path / "keymap.yaml").write_text(text, encoding="utf-8")
    loaded = load_keymap(tmp_path, {"present.next", "present.back"})
    assert loaded.keymap == {} and len(loaded.warnings) == 1 and RAW not in loaded.warnings[0]


def test_a_long_keymap_is_cut_and_its_warnings_summed_up(tmp_path):
    lines = "".join(f'n{i} = "x"\n' for i in range(5_000))  # 5,000 lines within the size limit
    (tmp_path / "keymap.toml").write_text(lines, encoding="utf-8")
    started = time.monotonic()
    loaded = load_keymap(tmp_path, {"present.next"})
    assert time.monotonic() - started < 2
    assert loaded.keymap == {} and len(loaded.warnings) == MAX_ENTRIES + 1
    assert "5000 entries; only the first 200 are read" in loaded.warnings[0]
    message = summary(loaded.warnings, "en")
    assert message.count("\n") == 3 and "… and 198 more problems" in message


@pytest.mark.parametrize("name", ["keymap.toml", "keymap.yaml"])
def test_a_huge_keymap_is_not_read(tmp_path, name):
    with open(tmp_path / name, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    started = time.monotonic()
    loaded = load_keymap(tmp_path, {"present.next"})
    assert time.monotonic() - started < 2
    assert loaded.keymap == {} and "a keymap is at most 65,536" in loaded.warnings[0]


def test_deep_toml_and_huge_values_give_bounded_warnings(tmp_path):
    (tmp_path / "keymap.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (warning,) = load_keymap(tmp_path, {"a"}).warnings
    assert len(warning) < 500
    (tmp_path / "keymap.toml").write_text(f'"present.next" = ["{"x" * 60_000}"]\n"\\u001b]52" = "n"\n',
                                          encoding="utf-8")
    loaded = load_keymap(tmp_path, {"present.next"})
    assert loaded.keymap == {} and all(len(w) < 500 and RAW not in w for w in loaded.warnings)


def test_a_keymap_that_is_a_fifo_or_a_device_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "keymap.toml")
    (tmp_path / "keymap.yaml").symlink_to("/dev/zero")
    done = threading.Event()
    threading.Thread(target=lambda: (load_keymap(tmp_path, {"present.next"}), done.set()), daemon=True).start()
    assert done.wait(5)


# -- quit keys ---------------------------------------------------------------------------------------------
def screens() -> list[KeyScreen]:
    """The real screens' bindings, as the app builds them."""
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.user_keys import quit_screens
    from ds_tui.ui.notes_app import NotesApp

    return quit_screens(DsTuiApp()) + quit_screens(NotesApp())


def known() -> set[str]:
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.user_keys import known_binding_ids

    return known_binding_ids(DsTuiApp())


def test_every_screen_has_a_quit_key_by_default():
    for screen in screens():
        assert quit_keys(screen, {}), screen.name


@pytest.mark.parametrize(("entries", "refused"), [
    ('"home.present" = "q"', "home.present"),  # the lesson list is focused: it would take q first
    ('"present.next" = "q"', "present.next"),
    ('"present.blank" = "q,b"', "present.blank"),
    ('"quiz.pause" = "q"', "quiz.pause"),
    ('"present.quit" = "x"\n"present.next" = "x,q"', "present.next"),  # quit moved to x, then x and q taken
    ('"confirm.no" = "y,q"', "confirm.no"),  # "really quit?" could never be answered yes
    ('"notes.lang" = "q"', "notes.lang"),
])
def test_an_entry_that_takes_every_quit_key_is_refused(tmp_path, entries, refused):
    (tmp_path / "keymap.toml").write_text(entries + '\n"present.back" = "pageup,left,p"\n', encoding="utf-8")
    loaded = load_keymap(tmp_path, known(), screens=screens())
    assert refused not in loaded.keymap and loaded.keymap["present.back"] == "pageup,left,p"
    (warning,) = loaded.warnings
    assert f'"{refused}"' in warning and "would leave no key that quits" in warning
    for screen in screens():
        assert quit_keys(screen, loaded.keymap), screen.name


@pytest.mark.parametrize("entries", ['"present.quit" = "x"', '"present.quit" = "x"\n"present.next" = "q"',
                                     '"notes.quit" = "escape"', '"confirm.yes" = "y"', '"home.present" = "o"'])
def test_moving_a_quit_key_is_fine(tmp_path, entries):
    (tmp_path / "keymap.toml").write_text(entries + "\n", encoding="utf-8")
    loaded = load_keymap(tmp_path, known(), screens=screens())
    assert not loaded.warnings and len(loaded.keymap) == entries.count("\n") + 1


def test_quit_keys_follow_textual_rules():
    """Within a node a remapped binding takes its keys from the others; the innermost node wins a key."""
    inner = (KeySpec("inner.open", "p"),)
    screen = (KeySpec(None, "q", quits=True), KeySpec("s.next", "n"))
    app = (KeySpec(None, "q", quits=True),)
    ks = KeyScreen("s", (inner, screen, app))
    assert quit_keys(ks, {}) == {"q"}
    assert quit_keys(ks, {"s.next": "q"}) == set()  # the screen's q now goes next; the app's q is shadowed
    assert quit_keys(ks, {"inner.open": "q"}) == set()
    assert quit_keys(ks, {"s.next": "n,q", "inner.open": "x"}) == set()


# -- the presenter's state file -----------------------------------------------------------------------------
def state(**changes) -> dict:
    now = time.time()
    return {"schema": "ds-tui.present/1", "pid": os.getpid(), "lesson_id": "x", "slide": 0, "total": 3,
            "started_at": now - 5, "updated_at": now, "blank": False, "quiz": None,
            "lesson_title": {"en": "L", "vi": "L"}, "title": {"en": "T", "vi": "T"}, "notes": None,
            "next_title": None, **changes}


@pytest.mark.parametrize("changes", [
    {"started_at": float("nan")}, {"updated_at": float("inf")}, {"started_at": -1.0}, {"started_at": 1e300},
    {"pid": 10**40}, {"pid": 0}, {"pid": -5}, {"pid": True}, {"pid": 1.5}, {"slide": -1}, {"slide": 3},
    {"total": 0}, {"total": 10**9}, {"blank": "yes"}, {"lesson_id": ""}, {"lesson_id": 5},
    {"quiz": {"number": 1, "total": 2, "phase": "nope", "answer": []}},
    {"quiz": {"number": 3, "total": 2, "phase": "votes", "answer": []}},
    {"quiz": {"number": 1, "total": 2, "phase": "votes", "answer": [{"en": 1}]}},
    {"quiz": {"number": 1, "total": 2, "phase": "votes", "answer": [{"en": "x"}] * 51}},
    {"quiz": [1]}, {"title": "text"}, {"title": {"en": "x", "fr": "y"}}, {"notes": {"en": "x" * 20_001}},
], ids=lambda c: "-".join(f"{k}={str(v)[:20]}" for k, v in c.items()))
def test_a_state_with_a_value_the_presenter_never_writes_is_refused(tmp_path, changes):
    path = state_path(tmp_path)
    path.write_text(json.dumps(state(**changes)), encoding="utf-8")
    assert read_state(path) is None
    path.write_text(json.dumps(state()), encoding="utf-8")
    assert read_state(path) is not None  # the same state without the change is fine


@pytest.mark.parametrize("content", [b"[" * 100_000, b'{"a":' * 100_000, b"NaN", b"\xff\xfe",
                                     json.dumps(state()).encode().replace(b'"blank": false', b'"blank": NaN')],
                         ids=["deep-list", "deep-object", "nan", "not-utf8", "nan-inside-a-state"])
def test_state_files_that_are_not_json_states(tmp_path, content):
    path = state_path(tmp_path)
    path.write_bytes(content)
    assert read_state(path) is None


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge", "folder"])
def test_reading_the_state_never_blocks_or_reads_unbounded(tmp_path, kind):
    path = state_path(tmp_path)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "huge":
        with open(path, "wb") as f:
            f.write(json.dumps(state(notes={"en": "x" * MAX_STATE_BYTES, "vi": ""})).encode())
    else:
        path.mkdir()
    results = []
    reader = threading.Thread(target=lambda: results.append(read_state(path)), daemon=True)
    started = time.monotonic()
    reader.start()
    reader.join(5)
    assert results == [None] and time.monotonic() - started < 5


def test_helpers_take_any_number():
    assert elapsed_text(float("nan")) == "" and elapsed_text(float("inf")) == ""
    assert elapsed_text(1e300).count(":") == 2
    assert pid_alive(10**40) is False and pid_alive(-1) is False and pid_alive(True) is False
