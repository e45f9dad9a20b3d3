"""IPython startup file used by the test run: any connection beyond this machine fails loudly.

The series must work offline once installed. Every kernel that nbval starts loads this file, so a notebook
that reaches for the network (a CDN, a dataset download, a font) fails the tests instead of passing on a
machine that happens to be online.
"""

import socket

_LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
_sendto = socket.socket.sendto


def _is_local(host) -> bool:
    return str(host) in _LOCAL or str(host).startswith("127.")


def _refuse(address) -> OSError:
    return OSError(f"network access is blocked while testing the series (offline rule): {address!r}")


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        raise _refuse(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        raise _refuse(address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        raise _refuse(host)
    return _getaddrinfo(host, *args, **kwargs)


def _guarded_sendto(self, data, *args):
    address = args[-1]
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        raise _refuse(address)
    return _sendto(self, data, *args)


socket.socket.connect = _guarded_connect
socket.socket.sendto = _guarded_sendto
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo
