"""CPU seconds of server processes, read from /proc (Linux): shared by the benchmarks that
print a server's or PostgreSQL's CPU per request or message beside their rates, which move
with the machine's load far more than CPU time does. Not a benchmark itself: `make bench`
runs every bench/*.py, and run directly this does nothing."""

import os
from pathlib import Path


def _ticks(pid: int, *, with_children: bool = False) -> int:
    """utime + stime of a process (and of its waited-for children), in clock ticks; 0 for a
    process that has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    ticks = int(fields[11]) + int(fields[12])
    return ticks + (int(fields[13]) + int(fields[14]) if with_children else 0)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = task.read_text().split()
            except OSError:
                continue  # ended meanwhile
            found.extend(int(child) for child in children)
            todo.extend(int(child) for child in children)
    return found


def process_seconds(pid: int) -> float:
    """CPU seconds one process has used so far."""
    return _ticks(pid) / os.sysconf("SC_CLK_TCK")


def tree_seconds(root: int) -> float:
    """CPU seconds of a process, its living descendants and the children it has reaped (a
    server whose workers or backends come and go)."""
    ticks = _ticks(root, with_children=True) + sum(map(_ticks, _descendants(root)))
    return ticks / os.sysconf("SC_CLK_TCK")


def postmaster(port: str) -> int:
    """The PostgreSQL server listening on this port (the one `scripts/with-postgres.sh`
    started)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if words and words[0].endswith(b"/postgres") and port.encode() in words:
            return int(cmdline.parent.name)
    raise SystemExit(f"no PostgreSQL server on port {port}")
