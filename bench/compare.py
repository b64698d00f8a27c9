#!/usr/bin/env python3
"""sqldrill against the sqlite3 shell doing the same SQL work (run through bench/compare.sh).

Small fixture (exercise-05): `sqldrill check exercise-05 --sql ...` as a whole process, against
one sqlite3 shell process that, for every dataset, builds it from SQL (the fixture, plus the
hidden case's patch, or the rows copied in reverse order for `reversed`) in a fresh in-memory
database and runs the reference and the answer on it.

Large fixture (exercise-20, 1,000,000 rows): the whole check, with the dataset cache warm,
against the shell running the reference and the answer on the same datasets, already built
(database files opened read-only and memory-mapped, as sqldrill opens its cache). Only the
datasets the check ran are counted (it stops at the first failing one).

Also: `sqldrill list` wall time, peak RSS of the small check, and `verify` on all cores against
`verify` pinned to one core (taskset), i.e. the sum of its checks.
"""

import json
import os
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = os.environ["SQLDRILL_BIN"]
SQLITE3 = os.environ.get("SQLITE3", "sqlite3")
RUNS = max(3, int(os.environ.get("RUNS", "10")))


def build_pragmas():
    """The build connection's pragmas, read from the source so both sides use the same."""
    src = (ROOT / "src/engine/image.rs").read_text()
    m = re.search(r'pub const BUILD_PRAGMAS: &str = "([^"]*)";', src)
    return m.group(1) if m else ""


def exercise(num):
    (folder,) = (ROOT / "exercises").glob(f"exercise-{num:02d}-*")
    meta = tomllib.loads((folder / "exercise.toml").read_text())
    return folder, meta


def statement(sql):
    """One statement for the shell: comments kept, exactly one trailing semicolon."""
    return sql.strip().rstrip(";").rstrip() + ";\n"


def medians(commands, env, runs=RUNS):
    """Median wall time of each command, timed in turns (A, B, A, B, ...) after 2 warm-up
    rounds, so that a machine whose load drifts (a shared one) skews neither side."""
    times = [[] for _ in commands]
    for i in range(runs + 2):
        for argv, out in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= 2:
                out.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def peak_rss_kib(argv, env):
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss  # KiB on Linux


def check_json(num, answer_sql, env):
    out = subprocess.run([BIN, "--json", "check", f"exercise-{num:02d}", f"--sql={answer_sql}"],
                         env=env, capture_output=True, text=True)
    doc = json.loads(out.stdout)
    ran = [d["name"] for d in doc["datasets"] if d["status"] != "not-run"]
    return doc, ran


def unalias_pk(create_sql, con, table):
    """As src/engine/image.rs: `id INTEGER PRIMARY KEY` becomes `id INT PRIMARY KEY`."""
    pk = con.execute("SELECT name, type FROM pragma_table_info(?) WHERE pk > 0", (table,)).fetchall()
    if len(pk) != 1 or pk[0][1].upper() != "INTEGER" or "AUTOINCREMENT" in create_sql.upper():
        return create_sql
    col = re.escape(pk[0][0])
    return re.sub(rf'([(,]\s*"?{col}"?\s+)INTEGER', r"\1INT", create_sql, count=1, flags=re.I)


def reversed_sql(base_db):
    """SQL that turns a built fixture into the `reversed` variant inside the shell: each
    table's rows copied in reverse rowid order into an unaliased copy, then the indexes,
    views and triggers created again (the work `Image::reversed` does)."""
    con = sqlite3.connect(base_db)
    objects = con.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type <> 'table', rowid").fetchall()
    out = ["PRAGMA foreign_keys = OFF;", "BEGIN;"]
    for kind, name, sql in objects:
        if kind in ("view", "trigger"):
            out.append(f'DROP {kind.upper()} "{name}";')
    for kind, name, sql in objects:
        if kind != "table":
            continue
        tmp = f"{name}__reversed"
        create = unalias_pk(sql, con, name)
        create = re.sub(r'^(CREATE\s+TABLE\s+)("[^"]+"|\S+?)(\s*\()', rf'\1"{tmp}"\3', create,
                        count=1, flags=re.I)
        out += [create + ";",
                f'INSERT INTO "{tmp}" SELECT * FROM "{name}" ORDER BY rowid DESC;',
                f'DROP TABLE "{name}";',
                f'ALTER TABLE "{tmp}" RENAME TO "{name}";']
    out += [sql + ";" for kind, _, sql in objects if kind != "table"]
    out.append("COMMIT;")
    con.close()
    return "\n".join(out) + "\n"


def shell_build(work, fixture, name, sql_after=""):
    """A dataset file built by the shell (untimed preparation for the large fixture)."""
    path = work / f"{name}.db"
    path.unlink(missing_ok=True)
    script = work / f"{name}.build.sql"
    script.write_text(build_pragmas() + f"\n.read {fixture}\n" + sql_after)
    subprocess.run([SQLITE3, str(path), f".read {script}"], check=True, stdout=subprocess.DEVNULL)
    return path


def main():
    work = Path(tempfile.mkdtemp(prefix="sqldrill-compare-"))
    env = dict(os.environ, SQLDRILL_HOME=str(work / "home"), WORK=str(work), NO_COLOR="1",
               LANG="C")
    env.pop("SQLDRILL_NO_CACHE", None)
    env.pop("SQLDRILL_CACHE_DIR", None)
    try:
        run(work, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work, env):
    sqlite_version = subprocess.run([SQLITE3, "--version"], capture_output=True,
                                    text=True).stdout.split()[0]
    bundled = (subprocess.run([BIN, "--version"], capture_output=True, text=True).stdout.strip()
               or "sqldrill")
    print(f"machine: {os.cpu_count()} cores, {platform_line()}")
    print(f"sqlite3 shell {sqlite_version}; {bundled} (bundled SQLite: see Cargo.lock)")
    print(f"medians of {RUNS} runs, the two sides timed in turns\n")
    rows = []

    # 1. Small fixture: exercise-05.
    folder, meta = exercise(5)
    answer = (folder / "right/dense-rank.sql").read_text()
    reference = (folder / "solution.sql").read_text()
    fixture = ROOT / "fixtures" / f"{meta['fixture']}.sql"
    doc, ran = check_json(5, answer, env)
    assert doc["verdict"] == "pass", doc
    base_db = shell_build(work, fixture, "school-base")
    parts = [".output /dev/null\n"]
    for ds in ran:
        parts.append(f".open :memory:\n{build_pragmas()}\n.read {fixture}\n")
        if ds == "reversed":
            parts.append(reversed_sql(base_db))
        elif ds != "base":
            (case,) = [c for c in meta["cases"] if c["name"] == ds]
            parts.append(case["patch"] + "\n")
        parts += [statement(reference), statement(answer)]
    shell_script = work / "small.sql"
    shell_script.write_text("".join(parts))
    t_sqldrill, t_shell = medians([[BIN, "check", "exercise-05", f"--sql={answer}"],
                                   [SQLITE3, ":memory:", f".read {shell_script}"]], env)
    rows.append(("check exercise-05 (small fixture, %d datasets)" % len(ran),
                 t_sqldrill, t_shell, "<= 1.5x"))

    # 2. Large fixture: exercise-20 (1,000,000 articles), dataset cache warm.
    folder, meta = exercise(20)
    reference = (folder / "solution.sql").read_text()
    fixture = ROOT / "fixtures" / f"{meta['fixture']}.sql"
    base_db = None
    for label, answer_file in [("deep OFFSET answer", "wrong/deep-offset.sql"),
                               ("keyset answer", "solution.sql")]:
        answer = (folder / answer_file).read_text()
        doc, ran = check_json(20, answer, env)  # also fills the dataset cache
        if base_db is None:
            base_db = shell_build(work, fixture, "articles-base")
            rev = reversed_sql(base_db)
        files = {}
        for ds in ran:
            if ds == "base":
                files[ds] = base_db
            elif ds == "reversed":
                files[ds] = shell_build(work, fixture, "articles-reversed", rev)
            else:
                (case,) = [c for c in meta["cases"] if c["name"] == ds]
                files[ds] = shell_build(work, fixture, f"articles-{ds}", case["patch"] + "\n")
        parts = [".output /dev/null\n"]
        for ds in ran:
            size = files[ds].stat().st_size
            parts += [f".open --readonly {files[ds]}\n", f"PRAGMA mmap_size = {size};\n",
                      statement(reference), statement(answer)]
        shell_script = work / "large.sql"
        shell_script.write_text("".join(parts))
        t_sqldrill, t_shell = medians([[BIN, "check", "exercise-20", f"--sql={answer}"],
                                       [SQLITE3, ":memory:", f".read {shell_script}"]], env)
        target = "<= 1.1x" if label.startswith("deep") else "(constant overhead)"
        rows.append((f"check exercise-20, {label} ({len(ran)} datasets)", t_sqldrill, t_shell,
                     target))

    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'sqldrill':>10}  {'sqlite3':>10}  {'ratio':>6}  target")
    for name, a, b, target in rows:
        print(f"{name:<{width}}  {a * 1000:8.1f}ms  {b * 1000:8.1f}ms  {a / b:5.2f}x  {target}")

    # 3. list, peak RSS, verify.
    (t_list,) = medians([[BIN, "list"]], env)
    folder, _ = exercise(5)
    rss = peak_rss_kib([BIN, "check", "exercise-05",
                        f"--sql={(folder / 'right/dense-rank.sql').read_text()}"], env)
    print(f"\nsqldrill list: {t_list * 1000:.1f} ms wall (target <= 10 ms)")
    print(f"peak RSS, check exercise-05: {rss / 1024:.1f} MiB (target <= 40 MiB)")
    cores = os.cpu_count() or 1
    verify_runs = max(3, RUNS // 3)
    if shutil.which("taskset") and cores > 1:
        t_all, t_one = medians([[BIN, "verify"], ["taskset", "-c", "0", BIN, "verify"]], env,
                               verify_runs)
        # The sum of its checks, exercise by exercise: each `verify ID` pinned to one core,
        # less a process's fixed cost (start, catalog load: `sqldrill list`).
        ids = sorted(int(p.name[9:11]) for p in (ROOT / "exercises").glob("exercise-*"))
        per = medians([["taskset", "-c", "0", BIN, "verify", str(i)] for i in ids]
                      + [["taskset", "-c", "0", BIN, "list"]], env, verify_runs)
        t_sum = sum(per[:-1]) - len(ids) * per[-1]
        print(f"verify, whole catalog: {t_all * 1000:.0f} ms on {cores} cores")
        for label, total in [("the whole catalog pinned to 1 core", t_one),
                             ("the sum of its checks, exercise by exercise on 1 core", t_sum)]:
            bound = total / cores * 1.2
            print(f"  against {label}: {total * 1000:.0f} ms; target <= {bound * 1000:.0f} ms "
                  f"(/ {cores} cores + 20%): {'met' if t_all <= bound else 'NOT met'}")
    else:
        (t_all,) = medians([[BIN, "verify"]], env, verify_runs)
        print(f"verify, whole catalog: {t_all * 1000:.0f} ms (no taskset or 1 core: "
              "no single-core comparison)")


def platform_line():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.platform()


if __name__ == "__main__":
    sys.exit(main())
