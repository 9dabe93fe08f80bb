#!/usr/bin/env bash
# Record the allocation traces in bench/traces with bench/mtrace.c:
# real programs doing real work, each at least 500,000 events.
#	tools/record-traces.sh [name ...]	(default: every one below)
# Needs the Debian packages sqlite3, python3, gcc, perl and groff-base (it installs
# the missing ones with apt-get when root).  The traces depend on the
# programs' versions, so a new recording differs from the committed one.
set -eu
cd "$(dirname "$0")/.."
make -s build/mtrace.so
out=bench/traces
work=build/record
mkdir -p "$out" "$work"
need=""
for p in sqlite3 python3 gcc perl groff-base xz-utils; do
	dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
if [ -n "$need" ] && [ "$(id -u)" = 0 ]; then
	apt-get install -y -qq $need >/dev/null
fi

# record NAME CMD...: run CMD under the shim, keep the trace as NAME.trace.xz
record() {
	local name=$1; shift
	echo "record: $name: $*" >&2
	rm -f "$work/$name.trace"
	LD_PRELOAD=$PWD/build/mtrace.so MTRACE_FILE=$PWD/$work/$name.trace "$@" >/dev/null
	echo "record: $name: $(grep -vc '^#' "$work/$name.trace") events" >&2
	xz -9 -T1 -c "$work/$name.trace" > "$out/$name.trace.xz"
}

want() { [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx "$name"; }

# sqlite3: the sqlite3 shell on a small database: inserts, two indexes, grouping, updates, deletes, a self-join
name=sqlite3
if want "$@"; then
cat > "$work/sqlite3.sql" <<'SQL'
create table t(id integer primary key, k integer, name text, v real);
with recursive n(i) as (select 1 union all select i+1 from n where i < 40000)
insert into t(k, name, v) select i % 97, 'name-' || (i * 7919 % 10007) || '-' || hex(randomblob(8)), i * 0.5 from n;
create index tk on t(k);
create index tname on t(name);
select k, count(*), sum(v), max(name) from t group by k order by 2 desc limit 10;
update t set name = name || '-x', v = v * 2 where k % 3 = 0;
delete from t where k % 5 = 1;
select count(*) from t a join t b on a.k = b.k and a.id < b.id where a.id % 50 = 0 and b.id % 50 = 0;
select group_concat(name, ',') from (select name from t where k = 7 order by v limit 500);
create table u as select k, name, length(name) as l from t where v > 100;
select l, count(*) from u group by l;
vacuum;
SQL
record sqlite3 sqlite3 "$work/sqlite3.db" ".read $work/sqlite3.sql"
rm -f "$work/sqlite3.db"
fi

# python3: CPython with its own allocator off, parsing 16 stdlib modules to ASTs, walking them and writing JSON
name=python3
if want "$@"; then
cat > "$work/python.py" <<'PY'
import ast, json, os, sys, sysconfig
lib = sysconfig.get_paths()["stdlib"]
names = sorted(f for f in os.listdir(lib) if f.endswith(".py"))[:16]
out = []
for n in names:
    tree = ast.parse(open(os.path.join(lib, n), encoding="utf-8").read())
    kinds = {}
    for node in ast.walk(tree):
        kinds[type(node).__name__] = kinds.get(type(node).__name__, 0) + 1
    out.append({"module": n, "kinds": kinds, "dump": len(ast.dump(tree))})
json.dump(out, sys.stdout)
PY
PYTHONMALLOC=malloc record python3 /usr/bin/python3 "$work/python.py"
fi

# cc1: gcc's compiler proper (the driver forks it, and the shim follows no fork) compiling port/pool.c at -O2
name=cc1
if want "$@"; then
gcc -std=c11 -E -Iinclude port/pool.c -o "$work/pool.i"
record cc1 "$(gcc -print-prog-name=cc1)" -quiet -O2 -std=c11 "$work/pool.i" -o "$work/pool.s"
fi

# perl: a text tool, word and bigram counts and a regex rewrite over the manual pages' text
name=perl
if want "$@"; then
find /usr/share/common-licenses /usr/share/doc -name '*.gz' -size -200k 2>/dev/null | head -400 | xargs zcat -f 2>/dev/null | head -c 2500000 > "$work/text.txt" || true
cat > "$work/words.pl" <<'PL'
my (%w, %b, $prev);
while (my $l = <>) {
    $l =~ s/[^A-Za-z' ]+/ /g;
    for my $x (split ' ', lc $l) { $w{$x}++; $b{"$prev $x"}++ if defined $prev; $prev = $x; }
}
my @top = (sort { $w{$b} <=> $w{$a} || $a cmp $b } keys %w)[0..199];
print join("\n", map { "$_ $w{$_}" } @top), "\n";
my $n = 0; for (sort keys %b) { $n++ if $b{$_} > 2 } print "$n\n";
PL
record perl perl "$work/words.pl" "$work/text.txt"
fi

# troff: a text formatter, GNU troff (groff's formatter proper: the driver forks it) setting bash's manual page
name=troff
if want "$@"; then
zcat /usr/share/man/man1/bash.1.gz > "$work/bash.1"
record troff troff -man -Tutf8 "$work/bash.1"
fi
ls -l "$out" >&2
