"""What a fresh Python process loads: for the tests that keep heavy libraries (pandas,
SciPy) off a path until they are needed. Run in a subprocess, because the test process has
long loaded them."""

import json
import subprocess
import sys


def modules_loaded_by(code: str) -> set[str]:
    """The top-level packages in `sys.modules` after a fresh interpreter ran `code`."""
    report = "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", code + report], capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in json.loads(done.stdout.strip().splitlines()[-1])}
