#!/usr/bin/env bash
# Provision a PostgreSQL database for local development and tests, then print
# shell `export` lines for DATABASE_URL, MIGRATE_DATABASE_URL and
# TEST_DATABASE_URL on stdout (all messages go to stderr), so that callers can:
#
#   eval "$(scripts/dev-db.sh)"
#
# Order of preference:
#   a. DATABASE_URL already set: echo it back (plus the two others, defaulted).
#   b. A server on 127.0.0.1:5432 that lets `postgres` in without a password:
#      create the roles and the database there.
#   c. Otherwise: a private cluster under .data/postgres (port 54329, sockets in
#      .data/run, listening on 127.0.0.1 only, trust auth), created on the first
#      run and started when not running; its data is kept between runs.
#
# Knobs (all optional):
#   DEV_DB_PROBE_PORT  port probed in case b (default 5432)
#   DEV_DB_PORT        port of the private cluster in case c (default 54329)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PROBE_PORT="${DEV_DB_PROBE_PORT:-5432}"
PRIVATE_PORT="${DEV_DB_PORT:-54329}"
HOST=127.0.0.1

DB_NAME=nmrf
OWNER_ROLE=nmrf_owner
OWNER_PASSWORD=nmrf_owner
APP_ROLE=nmrf_app
APP_PASSWORD=nmrf_app

log() { printf 'dev-db: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shell_quote VALUE: VALUE in single quotes, safe for eval by any POSIX shell.
shell_quote() {
	local s=${1//\'/\'\\\'\'}
	printf "'%s'" "$s"
}

emit() {
	printf 'export DATABASE_URL=%s\n' "$(shell_quote "$1")"
	printf 'export MIGRATE_DATABASE_URL=%s\n' "$(shell_quote "$2")"
	printf 'export TEST_DATABASE_URL=%s\n' "$(shell_quote "$3")"
}

emit_for_port() {
	local port=$1
	emit \
		"postgres://${APP_ROLE}:${APP_PASSWORD}@${HOST}:${port}/${DB_NAME}?sslmode=disable" \
		"postgres://${OWNER_ROLE}:${OWNER_PASSWORD}@${HOST}:${port}/${DB_NAME}?sslmode=disable" \
		"postgres://postgres@${HOST}:${port}/postgres?sslmode=disable"
}

# psql_admin PORT DB [psql args...]: psql as the superuser postgres over TCP,
# never prompting for a password and ignoring ~/.psqlrc.
psql_admin() {
	local port=$1 db=$2
	shift 2
	psql -X -w -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$port" -U postgres -d "$db" "$@"
}

# provision PORT: idempotently create the roles and the database.
provision() {
	local port=$1
	log "provisioning roles ${OWNER_ROLE}, ${APP_ROLE} and database ${DB_NAME} on ${HOST}:${port}"
	psql_admin "$port" postgres >&2 <<SQL
DO \$\$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER_ROLE}') THEN
		CREATE ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${OWNER_PASSWORD}';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
		CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${APP_PASSWORD}';
	END IF;
END
\$\$;
-- Keep the attributes and local passwords right even for roles made earlier.
ALTER ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${OWNER_PASSWORD}';
ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${APP_PASSWORD}';
SELECT 'CREATE DATABASE ${DB_NAME} OWNER ${OWNER_ROLE} ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}')
\gexec
ALTER DATABASE ${DB_NAME} OWNER TO ${OWNER_ROLE};
SQL
	psql_admin "$port" "$DB_NAME" >&2 <<SQL
ALTER SCHEMA public OWNER TO ${OWNER_ROLE};
GRANT CREATE ON SCHEMA public TO ${OWNER_ROLE};
SQL
}

# ---------------------------------------------------------------------------
# a. The caller already chose a database.
if [[ -n "${DATABASE_URL:-}" ]]; then
	log "using DATABASE_URL from the environment"
	emit "$DATABASE_URL" \
		"${MIGRATE_DATABASE_URL:-$DATABASE_URL}" \
		"${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
	exit 0
fi

command -v psql >/dev/null 2>&1 || die "psql not found: install the PostgreSQL client (Debian: postgresql-client)"

# ---------------------------------------------------------------------------
# b. A server on the standard port that lets postgres in without a password.
if command -v pg_isready >/dev/null 2>&1 &&
	pg_isready -q -h "$HOST" -p "$PROBE_PORT" >/dev/null 2>&1 &&
	psql_admin "$PROBE_PORT" postgres -Atc 'SELECT 1' </dev/null >/dev/null 2>&1; then
	log "using the PostgreSQL server on ${HOST}:${PROBE_PORT}"
	provision "$PROBE_PORT"
	emit_for_port "$PROBE_PORT"
	exit 0
fi

# ---------------------------------------------------------------------------
# c. A private cluster under .data/.
log "no usable server on ${HOST}:${PROBE_PORT}; using a private cluster under .data/ on port ${PRIVATE_PORT}"

find_pg_bin() {
	local dir
	# Highest version first (sort -V orders 9.6 before 15).
	while IFS= read -r dir; do
		if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
			printf '%s\n' "$dir"
			return 0
		fi
	done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV)
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
		return 0
	fi
	return 1
}

PG_BIN="$(find_pg_bin)" || die "initdb/pg_ctl not found: install PostgreSQL (Debian: postgresql) or set DATABASE_URL"

AS_ROOT=0
if [[ "$(id -u)" -eq 0 ]]; then
	AS_ROOT=1
	id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to run the cluster as"
fi

DATA_BASE="$ROOT/.data"
# Fall back to a per-checkout directory under the temp dir when the server
# (running as postgres) could not reach the checkout, or when the socket path
# would be longer than Unix sockets allow.
socket_path="$DATA_BASE/run/.s.PGSQL.$PRIVATE_PORT"
if { [[ $AS_ROOT -eq 1 ]] && ! (cd / && runuser -u postgres -- test -x "$ROOT"); } || ((${#socket_path} > 100)); then
	DATA_BASE="${TMPDIR:-/tmp}/nmrf-dev-db-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
	log "the checkout is not usable for the cluster (not reachable by user postgres, or path too long); using $DATA_BASE"
fi
PGDATA_DIR="$DATA_BASE/postgres"
RUN_DIR="$DATA_BASE/run"
LOG_DIR="$DATA_BASE/log"

# pg_run CMD [args...]: run a PostgreSQL server binary, as postgres when root
# (initdb and pg_ctl refuse to run as root), from / so that an unreadable
# working directory does not matter.
pg_run() {
	if [[ $AS_ROOT -eq 1 ]]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

mkdir -p "$PGDATA_DIR" "$RUN_DIR" "$LOG_DIR"
if [[ $AS_ROOT -eq 1 ]]; then
	chown postgres:postgres "$PGDATA_DIR" "$RUN_DIR" "$LOG_DIR"
	pg_run test -w "$PGDATA_DIR" ||
		die "user postgres cannot write $PGDATA_DIR; set DATABASE_URL instead"
fi
chmod 700 "$PGDATA_DIR"

if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
	log "initdb in $PGDATA_DIR ($PG_BIN)"
	locale=C
	if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
		locale=C.UTF-8
	fi
	pg_run "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale="$locale" \
		--auth-local=trust --auth-host=trust >&2
fi

if pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
	log "private cluster already running"
else
	log "starting private cluster (log: $LOG_DIR/postgres.log)"
	# fsync and friends are off: this is a disposable development cluster and
	# tests create many databases.
	pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_DIR/postgres.log" -w -t 60 \
		-o "-p $PRIVATE_PORT -c listen_addresses=$HOST -k '$RUN_DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >&2 || die "pg_ctl start failed; see $LOG_DIR/postgres.log"
fi

PG_ISREADY=pg_isready
if [[ -x "$PG_BIN/pg_isready" ]]; then
	PG_ISREADY="$PG_BIN/pg_isready"
fi
for _ in $(seq 1 60); do
	if "$PG_ISREADY" -q -h "$HOST" -p "$PRIVATE_PORT" >/dev/null 2>&1; then
		break
	fi
	sleep 0.5
done
"$PG_ISREADY" -q -h "$HOST" -p "$PRIVATE_PORT" >/dev/null 2>&1 ||
	die "private cluster does not answer on ${HOST}:${PRIVATE_PORT}; see $LOG_DIR/postgres.log"

provision "$PRIVATE_PORT"
emit_for_port "$PRIVATE_PORT"
