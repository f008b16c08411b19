"""Execute a notebook end to end with nbclient in this (the ValidMind) venv.

``python run_notebook.py OUT.json NOTEBOOK.ipynb`` writes, for every tagged cell, the
MIME types and text of its outputs, and the environment the kernel ran in.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from ipykernel.kernelspec import write_kernel_spec
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

KERNEL = "simheat-validmind"
PROBE = "import sys, validmind\nprint(sys.prefix)\nprint(validmind.__version__)"


def main(output: str, path: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(new_code_cell(PROBE, metadata={"tags": ["probe"]}))
    with tempfile.TemporaryDirectory() as jupyter_path:
        # A kernel of this venv's Python, whatever other "python3" kernels the machine has.
        write_kernel_spec(Path(jupyter_path, "kernels", KERNEL))
        os.environ["JUPYTER_PATH"] = jupyter_path
        client = NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=600,
            resources={"metadata": {"path": str(Path(path).parent)}},
        )
        client.execute()
    cells = {}
    for cell in notebook.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            cells[tag] = [
                {
                    "output_type": out.output_type,
                    "mime": sorted(out.get("data", {})),
                    "text": out.get("text", "") + out.get("data", {}).get("text/plain", ""),
                }
                for out in cell.get("outputs", [])
            ]
    Path(output).write_text(json.dumps({"cells": cells, "prefix": sys.prefix}), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
