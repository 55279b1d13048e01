#!/usr/bin/env python3
"""Find any use of the network in an strace log, seen from outside the process (native libraries included).

    strace -f -qq -e trace=%network,openat -e signal=none -o trace.log COMMAND...
    python3 tools/strace_network.py trace.log      # prints each finding; exit status 1 if there is one

What counts as network use (tests/test_no_network_strace.py and tests_bundle/smoke.sh use this file):
- a socket whose family is not local: AF_UNIX/AF_LOCAL (local sockets: PulseAudio, D-Bus, X11) and AF_NETLINK
  (the kernel's own channel: glibc reads the interface list through it) are local, every other family is not.
  One exception, narrow: a socket only ever bound to a loopback address with port 0 and used for nothing else
  (no listen, connect or send) can carry no traffic. That is urllib3's "is IPv6 there?" probe, run when it is
  imported (spaCy imports requests); it is allowed and listed by `probes()`;
- connect, bind, sendto, sendmsg or sendmmsg with a non-local address (a DNS query is a UDP connect to port 53);
- a host name lookup: opening /etc/resolv.conf or /etc/hosts (glibc's resolver and its `files` source read
  them for every lookup, even of "localhost", even when no network is up), or connecting to systemd-resolved.
The nscd socket is not counted: glibc also asks nscd for user names (getpwuid), which is not a lookup.
Standard library only: the bundle's smoke test runs it with any Python.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LOCAL_FAMILIES = {"AF_UNIX", "AF_LOCAL", "AF_NETLINK"}
ADDRESS_CALLS = {"connect", "bind", "sendto", "sendmsg", "sendmmsg"}
RESOLVER_FILES = ("/etc/resolv.conf", "/etc/hosts")
RESOLVED_SOCKET = "/run/systemd/resolve/"

# "1234 socket(AF_INET, …" or "socket(AF_INET, …" (without -f); "1234 <... socket resumed>) = 7" ends a call
# that strace printed in two halves ("<unfinished ...>") because another thread ran in between.
_CALL = re.compile(r"^(?P<pid>\d+\s+)?(?P<call>\w+)\((?P<args>.*)$")
_RESUMED = re.compile(r"^(?P<pid>\d+\s+)?<\.\.\. (?P<call>\w+) resumed>(?P<args>.*)$")
_RESULT = re.compile(r"\)\s+=\s+(-?\d+)")
_FAMILY = re.compile(r"sa_family=(AF_\w+)")
_LOOPBACK_PORT_0 = re.compile(r'sin6?_port=htons\(0\).*(inet_addr\("127\.0\.0\.1"\)|inet_pton\(AF_INET6, "::1")')


def _family(call_line: str) -> str:
    return call_line.split("(", 1)[1].split(",", 1)[0].strip() if "(" in call_line else ""


def _scan(trace: str) -> tuple[list[str], list[str]]:
    found: list[str] = []
    sockets: dict[tuple[str, str], list[str]] = {}  # (pid, fd) → [socket line, "new" | "probe" | "used"]
    unfinished: dict[str, str] = {}  # pid → its socket line waiting for the result
    for raw in trace.splitlines():
        line = raw.strip()
        resumed = _RESUMED.match(line)
        match = resumed or _CALL.match(line)
        if not match:
            continue
        pid, call, args = (match["pid"] or "").strip(), match["call"], match["args"]
        if call == "socket":
            opening = unfinished.pop(pid, "") if resumed else line
            if _family(opening) in LOCAL_FAMILIES:
                continue
            result = _RESULT.search(line)
            if result is None:
                unfinished[pid] = opening
            elif result[1].startswith("-"):
                found.append(f"non-local socket ({_family(opening)}): {opening}")  # even refused: it was tried
            else:
                sockets[(pid, result[1])] = [opening, "new"]
            continue
        entry = sockets.get((pid, args.split(",", 1)[0].strip()))
        if call in ADDRESS_CALLS:
            if set(_FAMILY.findall(args)) - LOCAL_FAMILIES:
                if entry is not None and entry[1] == "new" and call == "bind" and _LOOPBACK_PORT_0.search(args):
                    entry[1] = "probe"
                    continue
                found.append(f"{call} to a network address: {line}")
            elif RESOLVED_SOCKET in args:
                found.append(f"host name lookup (systemd-resolved): {line}")
        elif call in ("open", "openat"):
            if any(f'"{name}"' in args for name in RESOLVER_FILES):
                found.append(f"host name lookup (resolver file): {line}")
            continue
        if entry is not None:
            entry[1] = "used"
    found += [f"non-local socket ({_family(opening)}): {opening}" for opening in unfinished.values()]
    probes = []
    for opening, state in sockets.values():
        (probes if state == "probe" else found).append(f"non-local socket ({_family(opening)}): {opening}")
    return found, probes


def findings(trace: str) -> list[str]:
    """Every line of an strace log that shows network use, each with why."""
    return _scan(trace)[0]


def probes(trace: str) -> list[str]:
    """Sockets allowed as capability probes: bound to loopback port 0, used for nothing else."""
    return _scan(trace)[1]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: strace_network.py TRACE_LOG", file=sys.stderr)
        return 2
    found = findings(Path(argv[0]).read_text(encoding="utf-8", errors="replace"))
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
