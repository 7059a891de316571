#!/bin/sh
# Container entry point: apply migrations before a serving process starts, then run
# the command given (default `csm serve`). Other commands (`csm restore`, `chroma run`,
# a shell) run as they are, so a restore can start from an empty database.
set -eu

wait_seconds="${CSM_DB_WAIT_SECONDS:-60}"

migrate() {
    # Retried: the database may still be starting, and when two API containers
    # start together one of them loses the race to create the tables and succeeds
    # on the next attempt, finding the schema already at head.
    waited=0
    until csm db upgrade; do
        if [ "$waited" -ge "$wait_seconds" ]; then
            echo "csm-entrypoint: database not ready after ${wait_seconds}s" >&2
            exit 1
        fi
        sleep 2
        waited=$((waited + 2))
    done
}

if [ "${1:-}" = "csm" ]; then
    case "${2:-}" in
        serve | slack) migrate ;;
    esac
fi

exec "$@"
