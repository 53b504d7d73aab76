"""gunicorn's settings for Leefwereld.

    gunicorn -c python:leefwereld.conf.gunicorn leefwereld.wsgi


One worker process per core, 4 threads each: Django renders in Python (one core per
process at most), and the threads cover the time a request waits on PostgreSQL. On the
2-core reference machine that is 2 × 4, the setting the load benchmark ran with
(BENCHMARKS.md, "Load at Rotterdam scale"); other combinations have not been measured yet.
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
