"""`assemble serve`: check the options, say where the page is, and run the app under uvicorn.

Listening on this computer only (127.0.0.1, the default) needs nothing more. Any other address makes the deals
reachable from the network, so it needs --password or --token, and the server says so when it starts.
"""
from __future__ import annotations

import ipaddress
import os

from assembler.errors import AssemblerError

LOCAL = {"127.0.0.1", "localhost", "::1"}


def _local(host: str) -> bool:
    if host in LOCAL:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(args, ui, template_dirs) -> int:
    try:
        import uvicorn

        from assembler.web.app import create_app
    except ImportError as exc:
        raise AssemblerError(f"assemble serve needs the web extra: pip install 'assembler[web]' ({exc.name} is "
                             "missing)") from None
    password = args.password or os.environ.get("ASSEMBLE_SERVE_PASSWORD") or None
    token = args.token or None
    if not _local(args.host) and not (password or token):
        raise AssemblerError(f"--host {args.host} makes the deals reachable from other computers: give --password "
                             "(or set ASSEMBLE_SERVE_PASSWORD) or --token; without --host the page is on this "
                             "computer only")
    hosts = {"127.0.0.1", "localhost", args.host}
    if not _local(args.host):
        import socket

        hosts |= {socket.gethostname(), socket.getfqdn()}
    if args.host in ("0.0.0.0", "::"):
        hosts = {"*"}
    _port_free(args.host, args.port)
    app = create_app(args.folder, args.output, template_dirs=template_dirs, hosts=hosts, password=password,
                     token=token)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else shown}:{args.port}/"
    ui.result(f"assemble serve: the deals in {args.folder}, built into {args.output}")
    if _local(args.host):
        ui.result(f"open {url} (this computer only; Ctrl+C stops the server)")
    else:
        how = "the password (any user name)" if password else "the token"
        ui.result(f"listening on {args.host}:{args.port}: reachable from other computers, and every request needs "
                  f"{how}")
        ui.result(f"open {url}" + (f"?token={token}" if token else "") + " (Ctrl+C stops the server)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False, date_header=False)
    return 0


def _port_free(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise AssemblerError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another port with "
                                 "--port") from None
