"""How gunicorn serves the app: `make run`, the browser tests (e2e/server.py) and production
(docs/deploy.md) all start it with `gunicorn -c interviewprep/gunicorn.conf.py --bind ADDRESS`.
Options given on the command line win over these (`--workers 4` on a bigger machine)."""

wsgi_app = "interviewprep.wsgi"

# One process per core of the 2-core machine the app is sized for; if one process stops, the
# other keeps serving while gunicorn starts a new one.
workers = 2

# Threads, so that a client that sends its request slowly holds one thread, not a whole
# process. gunicorn's gthread worker waits for a new connection's first bytes up to 5 s in a
# thread, then hands a silent connection back to its poller; but once bytes arrive, the thread
# reads the rest of the request (head and body) with no deadline. So each client that trickles
# its request keeps one thread for as long as it keeps trickling: 32 threads per process let
# 16 such clients (all landing on one process) leave 16 threads to everyone else. They wait on
# sockets and databases, not the CPU, so they cost little. Only a buffering proxy (nginx, see
# docs/deploy.md) keeps slow clients away from the app altogether.
worker_class = "gthread"
threads = 32

# An idle kept-alive connection, and one that sent nothing in its first 5 s, wait in the
# process's poller (no thread) for this many seconds and are then closed, so they free their
# place among the process's worker_connections quickly.
keepalive = 2

# gthread checks in with the master from its main loop, so this only catches a process whose
# loop is stuck; it never cuts a request short. (For a sync worker it is each request's limit:
# longer than the slowest, the AI evaluator's EVALUATOR_TIMEOUT, 20 s by default.)
timeout = 30

# On a restart, requests in flight get this long to finish (the same bound as above).
graceful_timeout = 30

# The longest request line gunicorn accepts: its maximum, 8190 bytes, as many as nginx's default
# 8k buffer lets through (see deploy/nginx.conf). A query the API accepts stays under 4,000
# bytes (company 200 and q 100 characters, at most 12 bytes each once percent-encoded, plus
# the short filters), close to gunicorn's default of 4094; with room above it, a filter value
# that is too long gets the API's JSON 400 naming the field instead of gunicorn's HTML 414.
# Longer lines still get gunicorn's 414; behind nginx, nginx answers them (JSON for /api/).
limit_request_line = 8190

# Requests logged on standard output, as systemd's journal or a terminal expects.
accesslog = "-"

# The control socket lives at one path per user (~/.gunicorn/gunicorn.ctl), so two servers of
# one user would fight over it; nothing here uses it.
control_socket_disable = True
