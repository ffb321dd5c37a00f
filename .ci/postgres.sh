# Sourced by .ci/run and .ci/with-postgres: a throwaway PostgreSQL for the team-server tests.
# Debian's server binaries; the cluster runs as the postgres user (CI runs as root) and is
# stopped and removed when the sourcing shell exits. Roles: admin owns the database; alice, bob
# and editor are teammates whose password is their name (tests/teamserver/conftest.py).
# Exports REVIEWER_TEST_PG (the admin's URL) and REVIEWER_TEST_PG_RESTART (a command that
# restarts the server, for the fault tests).
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
pgdir=$(mktemp -d)
chown postgres "$pgdir"
pgport=$((20000 + RANDOM % 20000))
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
pgopts="-p $pgport -k $pgdir -c listen_addresses=127.0.0.1"
stop_pg() { as_pg "$pgbin/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap stop_pg EXIT
echo postgres >"$pgdir/pw" && chown postgres "$pgdir/pw"
as_pg "$pgbin/initdb -D $pgdir/data -A scram-sha-256 -U postgres --pwfile=$pgdir/pw" >/dev/null
as_pg "$pgbin/pg_ctl -D $pgdir/data -w -o '$pgopts' -l $pgdir/log start" >/dev/null
for sql in "CREATE ROLE admin LOGIN PASSWORD 'admin'" "CREATE DATABASE team OWNER admin" \
  "CREATE ROLE alice LOGIN PASSWORD 'alice'" "CREATE ROLE bob LOGIN PASSWORD 'bob'" \
  "CREATE ROLE editor LOGIN PASSWORD 'editor'"; do
  PGPASSWORD=postgres "$pgbin/psql" -q -h 127.0.0.1 -p "$pgport" -U postgres -c "$sql"
done
export REVIEWER_TEST_PG="postgresql://admin:admin@127.0.0.1:$pgport/team"
export REVIEWER_TEST_PG_RESTART="$(declare -f as_pg); as_pg \"$pgbin/pg_ctl -D $pgdir/data -w -m fast -o '$pgopts' -l $pgdir/log restart\""

