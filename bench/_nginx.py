"""nginx in front of the app, configured from docs/deploy.md's own blocks: shared by the
benchmarks that measure the production stack. Not a benchmark itself: `make bench` runs
every bench/*.py, and run directly this does nothing.

Production puts a buffering proxy before gunicorn's sync workers (docs/deploy.md, and
gunicorn's own advice): a sync worker writes the response and then waits for the client to
close the connection (gunicorn's `close_graceful`, up to 2 s), which nginx does at once and a
slow client does not. The benchmarks measure that stack; `respondent_load.py --direct`
measures gunicorn alone.
"""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX = os.environ.get("ERVARING_NGINX", "/usr/sbin/nginx")


def nginx_config(work: Path, host: str, listen: int, upstreams: list[int]) -> Path:
    """nginx as docs/deploy.md configures it, with one `server` line per app instance."""
    blocks = re.findall(r"```nginx\n(.*?)```", (ROOT / "docs" / "deploy.md").read_text(), re.S)
    http, server = (b.replace("/var/log/nginx/", f"{work}/") for b in blocks)
    servers = "".join(f"    server {host}:{port};\n" for port in upstreams)
    http = re.sub(r"    server 127\.0\.0\.1:8000;\n", servers, http)
    # Keep-alive connections to the instances, as a production proxy would.
    http = http.replace("upstream ervaring {\n", "upstream ervaring {\n    keepalive 64;\n")
    # TLS ends before nginx here, as behind a load balancer: tell the app it was HTTPS.
    server = server.replace("X-Forwarded-Proto $scheme", "X-Forwarded-Proto https")
    server = server.replace(
        "    proxy_pass http://ervaring;\n",
        "    proxy_pass http://ervaring;\n    proxy_http_version 1.1;\n"
        '    proxy_set_header Connection "";\n',
    )
    temp = "\n".join(
        f"{kind}_temp_path {work}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = work / "nginx.conf"
    config.write_text(
        f"pid {work}/nginx.pid;\nworker_processes 1;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n{temp}\n{http}\nserver {{\nlisten {host}:{listen};\n{server}\n}}\n}}\n"
    )
    return config


def start_nginx(work: Path, host: str, listen: int, upstreams: list[int]) -> subprocess.Popen:
    """nginx in the foreground (its master is the returned process), logging under `work`."""
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} is missing: run scripts/ensure-system-packages.sh")
    config = nginx_config(work, host, listen, upstreams)
    command = [NGINX, "-p", str(work), "-c", str(config), "-g", "daemon off;"]
    return subprocess.Popen([*command, "-e", str(work / "start.log")])
