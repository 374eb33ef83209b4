"""Recording a reference run: every lab measured live on this machine, saved as JSON.

Maintainers run ``python -m virtlab.probe._record OUT.json --run-id ID --machine
"..."`` on a machine worth keeping (a laptop on bare metal, a hub pod, a cloud VM)
and commit the file to ``data/probe_runs/``. Labs that this machine refuses are
left out and named in the file, never filled in from elsewhere.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from virtlab.probe._bench import benchmarks
from virtlab.probe._cgroups import cgroup_limits
from virtlab.probe._namespaces import namespace_demo, namespaces
from virtlab.probe._serial import to_jsonable
from virtlab.probe._where import where_am_i

__all__ = ["main_record", "record_run"]


def record_run(run_id: str, title: str, machine: str, *, repeats: int = 9) -> dict[str, Any]:
    """Run every lab live here and return the recorded run as a JSON-ready dict.

    Args:
        run_id: the run's id (also its file name without ``.json``).
        title: one line a student reads in a list of runs.
        machine: what this machine is (hardware, hypervisor, how the OS was built).
        repeats: benchmark repeats (3 to 15).
    """
    env = {k: v for k, v in os.environ.items() if k != "VIRTLAB_LIVE"}  # always live here
    labs: dict[str, Any] = {"where": to_jsonable(where_am_i(environ=env))}
    refused = []
    for name, result in (
        ("namespaces", namespaces(environ=env)),
        ("namespace_demo", namespace_demo(environ=env)),
        ("cgroups", cgroup_limits(environ=env)),
        ("bench", benchmarks(environ=env, repeats=repeats)),
    ):
        if result.is_live:
            labs[name] = to_jsonable(result.data)
        else:
            refused.append(f"{name}: {result.reason}")
    made_by = "virtlab.probe._record: every lab run live by virtlab's own code, as a child process"
    if refused:
        made_by += "; left out because refused here: " + "; ".join(refused)
    return {
        "run_id": run_id,
        "title": title,
        "machine": machine,
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
        "made_by": made_by,
        "source": "recorded live with virtlab on this machine",
        "labs": labs,
    }


def main_record(argv: Sequence[str] | None = None) -> int:
    """Record a run to a JSON file; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m virtlab.probe._record", description=record_run.__doc__
    )
    parser.add_argument("output", type=Path)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--machine", required=True)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(list(argv) if argv is not None else None)
    run = record_run(args.run_id, args.title, args.machine, repeats=args.repeats)
    args.output.write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"recorded {args.run_id} to {args.output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main_record())
