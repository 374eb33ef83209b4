"""Run inside a new network namespace: prove there is no network, then execute notebooks.

The kernels talk to this process over Unix sockets (ZeroMQ's ipc transport), so
even the loopback interface can stay down. Prints one line per notebook.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient


def main(paths: list[str]) -> int:
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=2).close()
    except OSError as exc:
        print(f"no network: {exc}", flush=True)
    else:
        print("network reachable", flush=True)
        return 3
    runtime = tempfile.mkdtemp(prefix="virtlab-offline-")
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        km = KernelManager(
            kernel_name="python3", transport="ipc", ip=os.path.join(runtime, "kernel")
        )
        client = NotebookClient(
            nb, km=km, timeout=120, resources={"metadata": {"path": os.path.dirname(path)}}
        )
        client.execute()
        print(f"ok {os.path.basename(path)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
