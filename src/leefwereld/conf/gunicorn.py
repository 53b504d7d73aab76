"""gunicorn's settings for Leefwereld.

    gunicorn -c python:leefwereld.conf.gunicorn leefwereld.wsgi


On the reference machine (2 cores, PostgreSQL on the same machine) the measured best is
2 worker processes × 4 threads (BENCHMARKS.md, "Load at Rotterdam scale"): Django renders in
Python (one core per process at most), and the threads cover the time a request waits on
PostgreSQL. More processes than cores only add context switches; more threads add waiting
on the interpreter lock. On a bigger machine: one worker per core, 4 threads each.
Every value can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_THREADS,
GUNICORN_BIND, GUNICORN_TIMEOUT).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Long computations (a panel's selection) run in the background worker, never in a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then so a slow leak in any library cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
