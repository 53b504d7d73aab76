"""Load at Rotterdam scale (`make bench-load`): the whole platform under concurrent users.

1. Builds (or with --reuse keeps) the rotterdam-scale demo in a PostgreSQL database of its
   own, collects the static files and creates the cache table.
2. Starts the production stack on loopback: gunicorn (leefwereld.conf.gunicorn) with
   leefwereld.conf.serve (DEBUG off, persistent connections, WhiteNoise, database cache).
3. Runs the scenario mix of bench/load/locustfile.py (residents, professionals, a debt
   officer, team leads, the council, API clients; think time 1–3 s) at 1, 16 and 64
   users, each for --duration seconds, bounded, stopping by itself.
4. Measures the ceiling in the same run: the health check (every middleware, the server,
   one database round trip) with no think time, and each key page the same way, so each
   page's throughput is a share of what the stack can do on this machine.
5. Counts the queries of each key page (Django's test client on the same database).
6. Writes the figures into BENCHMARKS.md (between `<!-- load:start -->` and
   `<!-- load:end -->`) and a chart of p95 latency against users (docs/bench/load.svg).

No traffic leaves the machine: everything binds to 127.0.0.1.

    python bench/load_run.py [--database lw_load] [--reuse] [--duration 60]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
MIX = ["Resident", "Professional", "DebtOfficer", "TeamLead", "Council", "ApiClient"]
LEVELS = (1, 16, 64)

# The key pages, each opened alone at saturation: (label, user, path or (list, link)).
KEY_PAGES: list[tuple[str, str, str | tuple[str, str]]] = [
    ("resident: home", "inwoner", "/mijn-leefwereld/"),
    ("resident: my data", "inwoner", "/mijn-gegevens/"),
    ("resident: who looked", "inwoner", "/mijn-gegevens/logboek/"),
    ("resident: help requests", "inwoner", "/hulp/"),
    ("resident: debts", "inwoner", "/schulden/mijn-schulden/"),
    ("resident: plan", "inwoner", ("/mijn-leefwereld/", r"/ondersteuning/plan/\d+/")),
    ("professional: caseload", "wijkwerker", "/mijn-gegevens/werk/"),
    (
        "professional: household",
        "wijkwerker",
        ("/mijn-gegevens/werk/", r"/mijn-gegevens/inzage/\d+/"),
    ),
    ("professional: worklist", "wijkwerker", "/hulp/werk/"),
    ("professional: help request", "wijkwerker", ("/hulp/werk/", r"/hulp/werk/vraag/\d+/")),
    ("professional: sociale kaart search", "wijkwerker", "/sociale-kaart/?q=schulden"),
    ("professional: deadlines", "wijkwerker", "/ondersteuning/termijnen/"),
    ("debt officer: dashboard", "schuldhulp", "/schulden/"),
    ("debt officer: case", "schuldhulp", ("/schulden/zaken/", r"/schulden/zaken/\d+/")),
    ("council: home", "raadslid", "/raad/"),
    ("council: figures", "raadslid", "/hulp/cijfers/"),
    ("API: residents list", "wijkwerker", "/api/v1/residents/?limit=20"),
    ("API: organisations list", "wijkwerker", "/api/v1/organisations/?limit=20"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="leefwereld.conf.serve",
        LEEFWERELD_LOAD_TEST="1",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def leefwereld(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "leefwereld"), *args], env=env, check=True, cwd=ROOT)


def prepare(database: str, scale: str, reuse: bool, env: dict[str, str]) -> float:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and not reuse:
            c.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        if not exists or not reuse:
            c.execute(f'CREATE DATABASE "{database}"')
    started = time.perf_counter()
    leefwereld(env, "migrate", "--no-input", "-v0")
    leefwereld(env, "demo", "--scale", scale, "--seed", "2026", "--if-empty")
    leefwereld(env, "createcachetable")
    leefwereld(env, "collectstatic", "--no-input", "-v0")
    return time.perf_counter() - started


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    server_env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
    server_env.update(GUNICORN_WORKERS=str(workers), GUNICORN_THREADS=str(threads))
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:leefwereld.conf.gunicorn", "leefwereld.wsgi"],
        env=server_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/gezond/", timeout=1) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not answer on /gezond/: " + process.stderr.read().decode())


NGINX = """
worker_processes 1;
error_log {tmp}/error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  upstream leefwereld {{ {servers} keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://leefwereld;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }}
  }}
}}
"""


def start_balancer(backends: list[int], port: int, tmp: Path) -> subprocess.Popen:
    """nginx on loopback, round robin over the application servers (Debian's nginx)."""
    servers = " ".join(f"server 127.0.0.1:{b};" for b in backends)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX.format(tmp=tmp, servers=servers, port=port))
    process = subprocess.Popen(
        ["nginx", "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/gezond/", timeout=1) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("nginx did not answer: " + process.stderr.read().decode())


def locust(port: int, users: int, seconds: int, classes: list[str], extra_env=None) -> dict:
    """Run Locust headless; the per-name statistics from its CSV, and the load average."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "run"
        env = dict(os.environ, **(extra_env or {}))
        loads = []
        process = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(max(1, users)),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
                *classes,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        while process.poll() is None:
            loads.append(os.getloadavg()[0])
            time.sleep(2)
        with open(f"{prefix}_stats.csv", newline="") as handle:
            rows = list(csv.DictReader(handle))

    def number(text: str) -> float:
        return float(text) if text and text != "N/A" else 0.0

    stats = {}
    for row in rows:
        stats[row["Name"]] = {
            "count": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50": number(row["50%"]),
            "p95": number(row["95%"]),
            "p99": number(row["99%"]),
            "rps": number(row["Requests/s"]),
        }
    return {"stats": stats, "load": (max(loads) if loads else 0, sum(loads) / max(1, len(loads)))}


def saturation_env(user: str, target: str | tuple[str, str]) -> dict[str, str]:
    env = {"LOAD_USER": user}
    if isinstance(target, tuple):
        env.update(LOAD_LIST=target[0], LOAD_LINK=target[1])
    else:
        env["LOAD_PATH"] = target
    return env


def count_queries(env: dict[str, str]) -> dict[str, int | str]:
    """Queries per key page, through Django's test client on the same database."""
    script = f"""
import json, re, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from leefwereld.core.models import User
pages = {[(label, user, target) for label, user, target in KEY_PAGES]!r}
out = {{}}
clients = {{}}
for label, user, target in pages:
    client = clients.get(user)
    if client is None:
        client = clients[user] = Client()
        client.force_login(User.objects.get(username=user))
    path = target
    if isinstance(target, tuple):
        html = client.get(target[0]).content.decode()
        found = re.findall('href="(' + target[1] + ')"', html)
        if not found:
            out[label] = "no link"
            continue
        path = found[0]
    client.get(path)  # warm: the first request fills per-process caches
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    out[label] = len(queries) if status == 200 else f"HTTP {{status}}"
print(json.dumps(out))
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=dict(env, ALLOWED_HOSTS="testserver,127.0.0.1"),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def chart(levels: dict[int, dict], path: Path) -> None:
    """p95 latency (ms) of the mix's busiest pages against users: a small SVG line chart."""
    names = sorted(
        {n for run in levels.values() for n in run["stats"] if n != "Aggregated"},
        key=lambda n: -levels[LEVELS[-1]]["stats"].get(n, {}).get("count", 0),
    )[:8]
    width, height, left, bottom = 640, 360, 60, 40
    top = max([levels[u]["stats"].get(n, {}).get("p95", 0) for u in LEVELS for n in names] + [100])
    xs = {u: left + i * (width - left - 180) / (len(LEVELS) - 1) for i, u in enumerate(LEVELS)}

    def y(ms: float) -> float:
        return height - bottom - ms / top * (height - bottom - 20)

    colours = [
        "#1f4e79",
        "#2e7d32",
        "#8a4b08",
        "#6a1b9a",
        "#c62828",
        "#00695c",
        "#4e342e",
        "#37474f",
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="t"><title id="t">p95 latency (ms) against concurrent users</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 180}" '
        f'y2="{height - bottom}" stroke="#333"/>',
        f'<line x1="{left}" y1="20" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
        f'<text x="5" y="25" font-size="11">{top:.0f} ms</text>',
        f'<text x="5" y="{height - bottom}" font-size="11">0</text>',
    ]
    parts += [
        f'<text x="{x - 8}" y="{height - 20}" font-size="11">{u}</text>' for u, x in xs.items()
    ]
    for i, name in enumerate(names):
        points = " ".join(
            f"{xs[u]:.0f},{y(levels[u]['stats'].get(name, {}).get('p95', 0)):.0f}" for u in LEVELS
        )
        colour = colours[i % len(colours)]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(
            f'<text x="{width - 172}" y="{30 + i * 16}" font-size="10" '
            f'fill="{colour}">{name}</text>'
        )
    parts.append(f'<text x="{left}" y="{height - 5}" font-size="11">concurrent users</text></svg>')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n")


def report(args, build_s, levels, ceiling, pages, queries, workers, threads) -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    out = [
        "## Load at Rotterdam scale (issue 20)",
        "",
        "| what | value |",
        "|---|---|",
        f"| command | `make bench-load` (`python bench/load_run.py --database {args.database}"
        f"{' --reuse' if args.reuse else ''} --duration {args.duration}`) |",
        f"| data | {args.scale}-scale demo (`leefwereld demo --scale {args.scale} --seed 2026`) "
        f"on PostgreSQL on the same machine{'' if args.reuse else f'; built in {build_s:.0f} s'} |",
        f"| stack | gunicorn {workers} workers × {threads} threads (gthread), "
        "leefwereld.conf.serve: "
        "DEBUG off, persistent connections, WhiteNoise, database cache |",
        f"| machine | {os.cpu_count()} cores ({cpu}), Python {platform.python_version()} |",
        f"| date | {datetime.date.today().isoformat()} |",
        "| scenario | bench/load/locustfile.py mix, think time 1–3 s, "
        f"{args.duration} s per level |",
        "",
        "### Latency per page and users (ms), throughput and errors",
        "",
        "| page | users | requests | p50 | p95 | p99 | req/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for users in LEVELS:
        stats = levels[users]["stats"]
        for name in sorted(stats, key=lambda n: (n == "Aggregated", n)):
            s = stats[name]
            out.append(
                f"| {name} | {users} | {s['count']} | {s['p50']:.0f} | {s['p95']:.0f} | "
                f"{s['p99']:.0f} | {s['rps']:.1f} | {s['failures']} |"
            )
    load = "; ".join(
        f"{u} users: max {levels[u]['load'][0]:.1f}, mean {levels[u]['load'][1]:.1f}"
        for u in LEVELS
    )
    out += ["", f"Load average (1 min) while each level ran: {load}.", ""]
    out += [
        "### Throughput against the ceiling (each page alone, 8 users, no think time)",
        "",
        f"Ceiling: the health check `/gezond/` (every middleware, gunicorn, one database round "
        f"trip) answered **{ceiling:.0f} req/s**.",
        "",
        "| page | req/s | share of ceiling | p95 (ms) | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, stats in pages.items():
        share = stats["rps"] / ceiling if ceiling else 0
        out.append(
            f"| {label} | {stats['rps']:.1f} | {share:.0%} | {stats['p95']:.0f} | "
            f"{queries.get(label, '')} |"
        )
    out += ["", "![p95 latency against users](docs/bench/load.svg)", ""]
    return "\n".join(out)


def scale_out_run(env: dict[str, str], first_port: int, args) -> dict:
    ports = [first_port] + [free_port() for _ in range(args.servers - 1)]
    extra = [start_server(env, p, args.workers, args.threads) for p in ports[1:]]
    balancer_port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        balancer = start_balancer(ports, balancer_port, Path(tmp))
        try:
            return locust(balancer_port, LEVELS[-1], args.duration, MIX)
        finally:
            balancer.terminate()
            balancer.wait(timeout=30)
            for process in extra:
                process.terminate()
                process.wait(timeout=30)


def scale_out_report(args, levels: dict, run: dict) -> str:
    one, two = levels[LEVELS[-1]]["stats"].get("Aggregated", {}), run["stats"].get("Aggregated", {})
    rows = [
        "",
        f"### Scale-out: {args.servers} application servers behind nginx (round robin, loopback)",
        "",
        f"The same mix at {LEVELS[-1]} users, sessions, cache and tasks shared through "
        "PostgreSQL only.",
        "",
        "| setup | requests | p50 | p95 | p99 | req/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, s in (("1 server", one), (f"{args.servers} servers + nginx", two)):
        rows.append(
            f"| {label} | {s.get('count', 0)} | {s.get('p50', 0):.0f} | {s.get('p95', 0):.0f} | "
            f"{s.get('p99', 0):.0f} | {s.get('rps', 0):.1f} | {s.get('failures', 0)} |"
        )
    return "\n".join(rows) + "\n"


def database_size(env: dict[str, str]) -> str:
    import psycopg

    url = env["DATABASE_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url) as connection:
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return f"\nDatabase size after the run: {size / 1024**3:.2f} GiB.\n"


def write_benchmarks(section: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text()
    block = f"<!-- load:start -->\n{section}\n<!-- load:end -->"
    if "<!-- load:start -->" in text:
        text = re.sub(r"<!-- load:start -->.*?<!-- load:end -->", block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="lw_load")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--scale", default="rotterdam", help="demo scale (small: a smoke run)")
    parser.add_argument("--duration", type=int, default=60, help="seconds per user level")
    parser.add_argument("--saturate", type=int, default=10, help="seconds per page alone")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--servers", type=int, default=2, help="application servers behind nginx for scale-out"
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not edit BENCHMARKS.md")
    args = parser.parse_args()

    env = env_for(f"postgres://postgres@127.0.0.1:5432/{args.database}")
    build_s = prepare(args.database, args.scale, args.reuse, env)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    queries = count_queries(env)
    port = free_port()
    server = start_server(env, port, args.workers, args.threads)
    try:
        # Warm-up, not measured: every worker compiles its templates and fills its caches.
        locust(port, 8, max(10, args.saturate), MIX)
        levels = {}
        for users in LEVELS:
            levels[users] = locust(port, users, args.duration, MIX)
            print(f"{users} users: {levels[users]['stats'].get('Aggregated')}", flush=True)
        ceiling_run = locust(port, 8, args.saturate, ["Saturate"], {"LOAD_PATH": "/gezond/"})
        ceiling = ceiling_run["stats"].get("Aggregated", {}).get("rps", 0)
        pages = {}
        for label, user, target in KEY_PAGES:
            run = locust(port, 8, args.saturate, ["Saturate"], saturation_env(user, target))
            stats = run["stats"]
            # The page itself: the most requested name (not the login, not the list a
            # detail page was found on, which is opened once).
            named = [s for n, s in stats.items() if n != "Aggregated" and "inloggen" not in n]
            page = max(named, key=lambda s: s["count"], default={"rps": 0, "p95": 0})
            pages[label] = page
            print(f"{label}: {page['rps']:.1f} req/s", flush=True)
        scale_out = None
        if args.servers > 1:
            # The same mix through a load balancer over several application servers: the
            # second server shares nothing with the first but PostgreSQL.
            scale_out = scale_out_run(env, port, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    section = report(args, build_s, levels, ceiling, pages, queries, args.workers, args.threads)
    if scale_out is not None:
        section += scale_out_report(args, levels, scale_out)
    section += database_size(env)
    chart(levels, ROOT / "docs" / "bench" / "load.svg")
    print(section)
    if not args.no_write:
        write_benchmarks(section)


if __name__ == "__main__":
    main()
