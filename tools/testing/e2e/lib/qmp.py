#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""qmp.py: one QMP command to a QEMU started with -qmp unix:SOCKET,server=on.

  qmp.py SOCKET del ID [SECONDS]   device_del ID, then wait up to SECONDS
                                   (default 30) for its DEVICE_DELETED event:
                                   the guest ejected it (PCIe native
                                   hot-plug: the guest's 5 s attention
                                   button delay, then the driver's remove)
  qmp.py SOCKET add JSON           device_add with the arguments of the
                                   JSON object (driver, id, bus, ...)

Exit status 0 on success; on an error QEMU's message goes to stderr.
"""
import json
import socket
import sys
import time


class Qmp:
    """A QMP session: greeting read, capabilities negotiated."""

    def __init__(self, path, timeout):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""
        self.events = []
        self.recv()
        self.command("qmp_capabilities")

    def recv(self):
        while b"\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QEMU closed the QMP socket")
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def command(self, name, args=None):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self.recv()
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise RuntimeError(f"{name}: {reply['error'].get('desc', reply)}")
            return reply.get("return")

    def wait_event(self, name, device, deadline):
        while True:
            for ev in self.events:
                data = ev.get("data", {})
                if ev["event"] == name and data.get("device") == device:
                    return
            self.events = []
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {name} event for {device}")
            self.sock.settimeout(left)
            self.events.append(self.recv())


def main(argv):
    if len(argv) < 4 or argv[2] not in ("del", "add"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, op, arg = argv[1], argv[2], argv[3]
    try:
        if op == "del":
            secs = float(argv[4]) if len(argv) > 4 else 30.0
            deadline = time.monotonic() + secs
            qmp = Qmp(path, secs)
            qmp.command("device_del", {"id": arg})
            qmp.wait_event("DEVICE_DELETED", arg, deadline)
        else:
            qmp = Qmp(path, 30.0)
            qmp.command("device_add", json.loads(arg))
    except (OSError, EOFError, RuntimeError, TimeoutError, ValueError) as err:
        print(f"qmp: {op} {arg}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
