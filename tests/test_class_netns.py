"""The class quiz across machines: the teacher and 3 students, each in a network namespace of its own,
on one bridged network (as a classroom's Wi-Fi). The teacher's server finds its LAN address by itself;
each student machine joins, answers and is acknowledged; the answers are in the teacher's store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ds_tui.classroom.class_quiz import ClassQuiz
from ds_tui.classroom.devices import DeviceRoom
from ds_tui.store import Store
from tests.devices_helpers import quiz_of

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parent.parent
TEACHER = "dstui-cq-t"
STUDENTS = [f"dstui-cq-s{i}" for i in range(3)]
SUBNET = "10.77.41"


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=20, check=check)


@pytest.fixture
def classroom_network():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root: creates network namespaces, a bridge and veth pairs")
    if shutil.which("ip") is None:
        pytest.skip("no ip command (iproute2)")

    def remove() -> None:
        for ns in [TEACHER, *STUDENTS]:
            _ip("netns", "del", ns, check=False)

    remove()
    made = _ip("netns", "add", TEACHER, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {made.stderr.strip()}")
    try:
        _ip("-n", TEACHER, "link", "add", "br0", "type", "bridge")
        _ip("-n", TEACHER, "addr", "add", f"{SUBNET}.1/24", "dev", "br0")
        _ip("-n", TEACHER, "link", "set", "br0", "up")
        _ip("-n", TEACHER, "link", "set", "lo", "up")
        _ip("-n", TEACHER, "route", "add", "default", "dev", "br0")  # the classroom's Wi-Fi is the way out
        for i, ns in enumerate(STUDENTS):
            _ip("netns", "add", ns)
            _ip("-n", TEACHER, "link", "add", f"t{i}", "type", "veth", "peer", "name", "eth0", "netns", ns)
            _ip("-n", TEACHER, "link", "set", f"t{i}", "master", "br0")
            _ip("-n", TEACHER, "link", "set", f"t{i}", "up")
            _ip("-n", ns, "addr", "add", f"{SUBNET}.{10 + i}/24", "dev", "eth0")
            _ip("-n", ns, "link", "set", "eth0", "up")
            _ip("-n", ns, "link", "set", "lo", "up")
        yield
    finally:
        remove()


def test_a_teacher_and_three_student_machines_on_one_network(classroom_network, ds_home):
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}", DS_TUI_HOME=str(ds_home))
    teacher = subprocess.Popen(["ip", "netns", "exec", TEACHER, sys.executable, "-m", "tests.class_server_proc",
                                str(ds_home), "8765", "lan"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        ready = teacher.stdout.readline().split()
        assert ready[:2] == ["READY", f"http://{SUBNET}.1:8765/"], ready  # found its LAN address by itself
        url, code = ready[1], ready[2]
        students = [subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-m", "tests.class_student_proc",
                                      url, code, f"máy {i}", str(i)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     text=True) for i, ns in enumerate(STUDENTS)]
        outs = [p.communicate(timeout=60)[0] for p in students]
        assert [p.returncode for p in students] == [0, 0, 0], outs
    finally:
        teacher.kill()
        teacher.wait(10)
    number, quiz = quiz_of("single")
    store = Store.open(ds_home)
    try:
        _, _, joined, answers = store.open_device_room("your-hardware", "x", __import__("time").time())
    finally:
        store.close()
    room = DeviceRoom("your-hardware")
    room.restore(joined, answers)
    assert sorted(s.name for s in room.students.values()) == ["máy 0", "máy 1", "máy 2"]
    options = [o.id for o in quiz.options]
    assert room.counts(ClassQuiz(quiz.question), number, 1) == {o: int(o in options[:3]) for o in options}
    assert [line.split()[1] for line in outs] == options[:3]
