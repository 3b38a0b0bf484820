"""Regenerate ``new-project.package-lock.json``: the versions the CLI tests install for
`dk new`'s ``package.json``. Run after changing that template:
``python tests/cli/lock_new_project.py``."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from djangokit.cli._templates import render_file

LOCK = Path(__file__).with_name("new-project.package-lock.json")


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        text = render_file("new/package.json", {"npm_name": "djangokit-cli-tests"})
        (work / "package.json").write_text(text)
        npm = shutil.which("npm") or "npm"
        command = [npm, "install", "--package-lock-only", "--no-audit", "--no-fund"]
        subprocess.run(command, cwd=work, check=True)
        shutil.copyfile(work / "package-lock.json", LOCK)
    print(f"wrote {LOCK}")


if __name__ == "__main__":
    main()
