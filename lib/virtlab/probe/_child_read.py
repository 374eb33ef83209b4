"""Child process: read this process's namespaces or cgroup limits, print them as JSON.

Run as ``python -m virtlab.probe._child_read namespaces`` (or ``cgroups``). A child
inherits its parent's namespaces and cgroups, so what it reads describes the
notebook too. Taught in notebook ``04-containers``.
"""

from __future__ import annotations

import json
import sys

from virtlab.probe._cgroups import read_cgroup_limits
from virtlab.probe._namespaces import read_namespaces
from virtlab.probe._serial import to_jsonable


def main(argv: list[str] | None = None) -> int:
    """Print the reading asked for as one JSON line; exit status 2 on a bad argument."""
    args = sys.argv[1:] if argv is None else argv
    readers = {"namespaces": read_namespaces, "cgroups": read_cgroup_limits}
    if len(args) != 1 or args[0] not in readers:
        sys.stderr.write(f"usage: _child_read {{{','.join(readers)}}}; got {args!r}\n")
        return 2
    print(json.dumps(to_jsonable(readers[args[0]]("/"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
