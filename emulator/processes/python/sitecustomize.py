"""Loaded by every Python process the Railway emulator starts (it is first on their PYTHONPATH); never on Railway.

On Railway each service runs in its own container, reachable from the others at <service>.railway.internal.
Here every service is a process on this machine's loopback, so this module makes the difference invisible
to the app, which keeps the very URLs Railway would give it:

- getaddrinfo("<service>.railway.internal", <port>) answers with the 127.0.0.1 port the emulator assigned to
  that service's running deployment. The table is the JSON file named by OMNIDOC_EMULATOR_NETWORK, read at
  each lookup, so a redeploy moves the name. Names not in it fail as unknown names do.
- A bind to every interface (0.0.0.0, ::, "") binds 127.0.0.1 only, so this process listens on loopback alone.
- gethostname() is the container id (HOSTNAME), as in a container: Celery names its node celery@<it>.
"""

import json
import os
import socket

_network_file = os.environ.get("OMNIDOC_EMULATOR_NETWORK", "")
_getaddrinfo = socket.getaddrinfo
_bind = socket.socket.bind
_gethostname = socket.gethostname


def _route(host, port):
    try:
        with open(_network_file, encoding="utf-8") as handle:
            routes = json.load(handle)
    except (OSError, ValueError):
        return None
    route = routes.get(host.lower().rstrip("."))
    if route is None or str(route.get("port")) != str(port):
        return None
    return route.get("target")


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    name = host.decode() if isinstance(host, bytes) else host
    if isinstance(name, str) and name.lower().rstrip(".").endswith(".railway.internal"):
        target = _route(name, port)
        if target is not None:
            loopback = "::ffff:127.0.0.1" if family == socket.AF_INET6 else "127.0.0.1"
            return _getaddrinfo(loopback, target, family, type, proto, flags)
    return _getaddrinfo(host, port, family, type, proto, flags)


def bind(self, address):
    if isinstance(address, tuple) and address and address[0] in ("", "0.0.0.0", "::"):
        loopback = "::ffff:127.0.0.1" if self.family == socket.AF_INET6 else "127.0.0.1"
        address = (loopback, *address[1:])
    return _bind(self, address)


def gethostname():
    return os.environ.get("HOSTNAME") or _gethostname()


if _network_file:
    socket.getaddrinfo = getaddrinfo
    socket.socket.bind = bind
    socket.gethostname = gethostname
