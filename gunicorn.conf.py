"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py "jimnet:create_app()"`.

Workers are stateless (sessions, rate limits and caches live in PostgreSQL or Redis), so the
number of workers and servers can grow freely behind a proxy.
"""

import multiprocessing
import os

bind = os.environ.get("JIMNET_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("JIMNET_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
threads = 1
timeout = 30
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Each worker makes its own database pool after the fork.
preload_app = False
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("JIMNET_LOG_LEVEL", "info")
# The proxy in front terminates TLS; trust its forwarded headers only from itself.
forwarded_allow_ips = os.environ.get("JIMNET_FORWARDED_ALLOW_IPS", "127.0.0.1")
