"""``make bench``: jimnet at regional scale.

Builds a region's data (20,000 young people by default) with bulk inserts on SQLite and, when
it answers, on PostgreSQL; measures the pages people use most in-process against the real
database, the floor a page cannot go below, the access log's own cost, ``flask verify-log`` over
the whole chain, how cost grows with a network's size and an organisation's, a worker's peak
memory, and throughput under load (gunicorn + wrk on PostgreSQL). Prints a table and writes
``bench/results/<backend>.json``. ``python -m bench --help`` lists the options.
"""
