"""docs/BENCHMARKS.md and the scaling plot from bench/run_all's results (issue 7): figures, ratios, targets."""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

Row = Sequence[str]
MISSING = "—"


# ---- small formatting helpers -----------------------------------------------------------------------------


def table(head: Row, rows: Iterable[Row]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def secs(value: float | None) -> str:
    if value is None or math.isnan(value):
        return MISSING
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def timed(s: dict[str, Any] | None, unit: str = "s") -> str:
    """Median (min–max) of a summary with median_s/min_s/max_s, or median/min/max in ``unit``."""
    if not s:
        return MISSING
    if "median_s" in s:
        return f"{secs(s['median_s'])} ({secs(s['min_s'])}–{secs(s['max_s'])})"
    return f"{s['median']:.1f} {unit} ({s['min']:.1f}–{s['max']:.1f})"


def spread(values: Sequence[float]) -> dict[str, float] | None:
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def verdict(ok: bool | None) -> str:
    return MISSING if ok is None else ("**met**" if ok else "**not met**")


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def fmt_ratio(value: float | None) -> str:
    return MISSING if value is None else f"{value:.2f}×"


# ---- lookups into the results -----------------------------------------------------------------------------


def ours(results: dict[str, Any], batch: int, records: int) -> dict[str, Any] | None:
    for r in results.get(f"sync_{batch}", {}).get("results", []):
        if r["records"] == records:
            return dict(r)
    return None


def scenario(r: dict[str, Any] | None, name: str) -> dict[str, Any] | None:
    if r is None:
        return None
    return next((s for s in r["scenarios"] if s["scenario"] == name), None)


def pouch(results: dict[str, Any], batch: int, records: int) -> dict[str, Any] | None:
    for r in results.get("pouchdb", {}).get("results", []):
        if r["batch"] == batch and abs(r["records"] - records) <= records * 0.01:
            return dict(r)
    return None


def resume(results: dict[str, Any], batch: int, records: int) -> dict[str, Any] | None:
    for r in results.get("resume", {}).get("results", []):
        if r["batch"] == batch and r["records"] == records:
            return dict(r)
    return None


def ui_figure(runs: list[dict[str, Any]], get: Callable[[dict[str, Any]], float]) -> dict[str, float] | None:
    values = []
    for run in runs:
        try:
            values.append(float(get(run)))
        except (KeyError, TypeError, ValueError):
            continue
    return spread(values)


def med(s: dict[str, Any] | None) -> float | None:
    if not s:
        return None
    return float(s["median_s"] if "median_s" in s else s["median"])


# ---- sections of the report -------------------------------------------------------------------------------


def header(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    cfg = results.get("config", {})
    quick = "`bench/run_all --quick` (a smoke run on small data: not the figures of record)"
    mode = quick if results.get("quick") else "`bench/run_all`"
    rows = [("CPU", f"{m.get('cpu')} ({m.get('cores')} cores)"), ("RAM", f"{m.get('ram_gib')} GiB"),
            ("OS", str(m.get("os"))), ("Python", str(m.get("python"))),
            ("SQLCipher", f"{m.get('sqlcipher')} (SQLite {m.get('sqlite')})"),
            ("PostgreSQL", str(m.get("postgresql"))),
            ("Node / PouchDB", f"{m.get('node')} / PouchDB {results.get('pouchdb', {}).get('pouchdb', MISSING)}, "
                               f"express-pouchdb {results.get('pouchdb', {}).get('express_pouchdb', MISSING)}"),
            ("Run", f"{results.get('started')} → {results.get('finished')} (UTC); {cfg.get('runs')} runs per figure, "
                    f"{cfg.get('big_runs')} at 100,000 records; {results.get('processes', 1)} run_all process(es) "
                    "side by side"),
            ("Load average (1, 5, 15 min)",
             f"start {results.get('load_start')}, end {results.get('load_end')}")]  # fmt: skip
    return "\n".join([
        "# Benchmarks",
        "",
        f"Written by {mode}; the command and its options are in the README's developer section. Every figure is "
        "the **median** of the runs with its **spread (min–max)** in brackets. Benchmarks print figures; they "
        "are not timed tests and never fail CI.",
        "",
        table(("Machine", ""), rows),
        "",
        "**The machine may be shared.** This run was made on a 2-core machine that other work was using at the same "
        "time (see the load averages above: a load over 2 means processes were waiting for a core). Figures taken "
        "under load are slower and noisier than on an idle machine; ratios measured within the same run (ours "
        "against the floor and against PouchDB) suffer less than absolute times.",
    ])  # fmt: skip


def target_rows(results: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    measured = [r["records"] for r in results.get("sync_1000", {}).get("results", [])]
    big = max(measured or results.get("config", {}).get("sync_records", [100_000]))  # the largest measured
    o = ours(results, 1000, big)
    initial = scenario(o, "initial")
    floor = o["floor"] if o else None
    ratio_floor = ratio(med(initial), floor["sqlcipher_s"] if floor else None)
    rows.append((f"Initial sync of {big:,} records ≤ 2.0× the SQLCipher floor (batch 1,000)",
                 f"ours {timed(initial)}; floor {secs(floor['sqlcipher_s']) if floor else MISSING} → "
                 f"**{fmt_ratio(ratio_floor)}**",
                 verdict(None if ratio_floor is None else ratio_floor <= 2.0)))  # fmt: skip
    for batch in results.get("config", {}).get("batches", [100, 1000]):
        p = pouch(results, batch, big)
        oi = scenario(ours(results, batch, big), "initial")
        faster = ratio(med(p["initial"]) if p else None, med(oi))
        rows.append((f"Initial sync of {big:,} records ≥ 10× faster than PouchDB (batch {batch:,})",
                     f"ours {timed(oi)}; PouchDB {timed(p['initial']) if p else MISSING} → ours is "
                     f"**{fmt_ratio(faster)}** faster", verdict(None if faster is None else faster >= 10)))  # fmt: skip
    for name, label, limit in (("no-op", "No-op sync ≤ 10 ms median", 0.010),
                               ("push 1000", "1,000 local edits pushed ≤ 0.5 s", 0.5),
                               ("pull 1000", "1,000 remote changes pulled ≤ 0.5 s", 0.5)):  # fmt: skip
        s = scenario(o, name)
        rows.append((f"{label} ({big:,}-record vault, batch 1,000)", timed(s),
                     verdict(None if s is None else s["median_s"] <= limit)))  # fmt: skip
    runs = results.get("ui", {}).get("runs", [])
    members = results.get("ui", {}).get("members", MISSING)
    kdf = ui_figure(runs, lambda r: r["calibrated"]["kdf_ms"])
    calibrated = runs[0]["calibrated_kdf"] if runs else MISSING
    rows.append((f"Unlock: the KDF as calibrated ({calibrated}) 0.5–1 s, by design", timed(kdf, "ms"),
                 verdict(None if kdf is None else 500 <= kdf["median"] <= 1000)))  # fmt: skip
    for key, when in (("today_after_kdf_cold_ms", "first unlock of the day: the worklist is built"),
                      ("today_after_kdf_ms", "a later unlock, nothing written since: the kept worklist")):  # fmt: skip
        after = ui_figure(runs, lambda r, key=key: r[key])
        rows.append((f"Unlock after the KDF + first Today paint ≤ 300 ms ({members:,} members; {when})" if runs
                     else f"Unlock after the KDF + first Today paint ≤ 300 ms ({when})", timed(after, "ms"),
                     verdict(None if after is None else after["median"] <= 300)))  # fmt: skip
    for key, label, limit in (("panel_open_ms", "Panel open ≤ 300 ms", 300),
                              ("keystroke_p95_ms", "Panel filter keystroke p95 ≤ 16 ms", 16)):  # fmt: skip
        f = ui_figure(runs, lambda r, key=key: r[key])
        rows.append((f"{label} ({members:,} members)" if runs else label, timed(f, "ms"),
                     verdict(None if f is None else f["median"] <= limit)))  # fmt: skip
    rss = ui_figure(runs, lambda r: max(r["rss_with_today_mb"], r["rss_with_panel_mb"]))
    rows.append(("App RSS ≤ 300 MB with that vault (Today and Panel open)", timed(rss, "MB"),
                 verdict(None if rss is None else rss["median"] <= 300)))  # fmt: skip
    server = results.get("server", {})
    p95 = spread([r["round"]["p95"] for r in server.get("runs", [])])
    errors = [r.get("errors", "?") for r in server.get("runs", [])]
    clean = all(e == "none" for e in errors)
    rows.append((f"Server on PostgreSQL, {server.get('devices', 200)} devices (hello, push 10, pull; each device a "
                 f"round every {server.get('cadence_s', '?')} s): round p95 ≤ 250 ms, 0 errors",
                 f"{timed(p95, 'ms')}; errors: {', '.join(sorted(set(errors))) or MISSING}",
                 verdict(None if p95 is None else p95["median"] <= 250 and clean)))  # fmt: skip
    return rows


def targets(results: dict[str, Any]) -> str:
    rows = target_rows(results)
    met = sum("**met**" in r[2] for r in rows)
    missed = sum("not met" in r[2] for r in rows)
    return "\n".join([
        "## Targets (issue 7, item 4)",
        "",
        f"{met} met, {missed} not met, {len(rows) - met - missed} without a figure in this run.",
        "",
        table(("Target", "Measured: median (min–max)", "Verdict"), rows),
    ])  # fmt: skip


SCENARIOS = (("initial", "initial", "initial sync"), ("no-op", "noop", "no-op resync"),
             ("push 1000", "push_first", "1,000 local edits pushed (first)"),
             (None, "push_steady", "1,000 local edits pushed (steady state)"),
             ("pull 1000", "pull_first", "1,000 remote changes pulled (first)"),
             (None, "pull_steady", "1,000 remote changes pulled (steady state)"))  # fmt: skip


def sync_tables(results: dict[str, Any]) -> str:
    cfg = results.get("config", {})
    parts = [
        "## Sync: ours side by side with PouchDB",
        "",
        f"Ours: the real server (`coach-server serve`, one worker, on {cfg.get('db', 'postgresql')}) on loopback, "
        "the real `SyncEngine` and SQLCipher vault (bench/sync_bench.py), snapshot and pull pages of *batch* "
        "records; pushes of *batch* mutations at most, within the app's own cap of 500 (the server's limit; a push "
        "is one server transaction). "
        "PouchDB: PouchDB "
        f"{results.get('pouchdb', {}).get('pouchdb', '9')} (LevelDB on disk) replicating from express-pouchdb "
        "(LevelDB on disk) on loopback with `batch_size` = *batch* (bench/pouchdb_bench.py, bench/pouchdb_peer). "
        "Same records: the bodies sync_bench generates, exported to NDJSON (`_id` = kind:id). **gzip is off on "
        "both sides**: our server does not compress, and the peer's server drops `Accept-Encoding` (express-pouchdb "
        "would otherwise gzip). Timing stops when the replication completed (PouchDB has written its checkpoint), "
        "the local document count is checked and the last document read back; ours when `sync_once` returned "
        "(the cursor is committed with the last page). Ours pushes and pulls in one `sync_once`; PouchDB's no-op, "
        "push and pull figures are one `db.sync(remote)` (both directions) to match. Local edits are one write "
        "each on both sides and are not timed. The ratio is PouchDB's median over ours (above 1: ours is faster).",
        "",
    ]  # fmt: skip
    for records in cfg.get("sync_records", []):
        for batch in cfg.get("batches", []):
            o, p = ours(results, batch, records), pouch(results, batch, records)
            if not (o or p or resume(results, batch, records)):
                parts += [f"### {records:,} records, batch {batch:,}", "", "Not measured in this run.", ""]
                continue
            rows = []
            for our_name, pouch_name, label in SCENARIOS:
                s = scenario(o, our_name) if our_name else None
                q = p.get(pouch_name) if p else None
                rows.append((label, timed(s), timed(q), fmt_ratio(ratio(med(q), med(s)))))
            r_o, r_p = resume(results, batch, records), (p or {}).get("resume")
            rows.append(("resume after a kill at 50 %", timed(r_o), timed(r_p), fmt_ratio(ratio(med(r_p), med(r_o)))))
            parts += [f"### {records:,} records, batch {batch:,}", "",
                      table(("Scenario", "Ours", "PouchDB", "PouchDB / ours"), rows), ""]  # fmt: skip
            if r_o or r_p:
                parts.append(resume_note(r_o, r_p))
                parts.append("")
            if s := scenario(o, "initial"):
                parts += [f"Ours, initial sync: {s['requests']} requests, {s['bytes_sent'] / 1024:.0f} KiB sent, "
                          f"{s['bytes_received'] / 1024 / 1024:.1f} MiB received; "
                          f"{s['records_per_s']:,.0f} records/s.", ""]  # fmt: skip
    if results.get("errors", {}).get("pouchdb"):
        parts += [f"The PouchDB section failed in this run: {last_words(results['errors']['pouchdb'])}", ""]
    return "\n".join(parts)


RESTARTED = (
    "the snapshot started again from its first page: the snapshot token lives only in memory, in "
    "`SyncEngine._snapshot` — keeping it and the snapshot mark in `sync_state` with each page would resume"
)


def resume_note(r_o: dict[str, Any] | None, r_p: dict[str, Any] | None) -> str:
    bits = []
    if r_o:
        restarted = r_o["pulled"] >= r_o["held_after"] * 0.95
        bits.append(f"ours held {r_o['held_before']:.0f} records when killed and pulled {r_o['pulled']:.0f} to "
                    f"finish ({RESTARTED if restarted else 'it resumed'}; "
                    f"{r_o['held_after']} records after)")  # fmt: skip
    if r_p:
        bits.append(f"PouchDB held {r_p['held_before']:.0f} and wrote {r_p['docs_written']:.0f} more "
                    "(it resumes from its last checkpoint)")  # fmt: skip
    return "Resume: " + "; ".join(bits) + "."


def floor_table(results: dict[str, Any]) -> str:
    rows = []
    for batch in results.get("config", {}).get("batches", []):
        for r in results.get(f"sync_{batch}", {}).get("results", []):
            f, s = r["floor"], scenario(r, "initial")
            rows.append((f"{r['records']:,}", f"{batch:,}", str(f["rows"]), secs(f["sqlite_s"]),
                         secs(f["sqlcipher_s"]), timed(s), fmt_ratio(f["initial_over_sqlcipher"]),
                         fmt_ratio(f["initial_over_sqlite"]),
                         fmt_ratio(f.get("initial_client_cpu_over_sqlcipher_cpu"))))  # fmt: skip
    return "\n".join([
        "## The floor",
        "",
        "Measured in the same runs as our sync (bench/sync_bench.py): the rows our vault holds after the initial "
        "sync (kind, id, JSON body) written with one `executemany` in one transaction into a fresh SQLCipher file "
        "(the vault's key mode and pragmas) and into a plain SQLite file — the best any sync into this vault could "
        "do on this machine. Floor figures are the median over the runs. The last column compares CPU seconds "
        "(the client process during the initial sync against the floor's), which a loaded machine distorts less "
        "than wall time.",
        "",
        table(("Records", "Batch", "Rows", "Plain SQLite", "SQLCipher", "Our initial sync", "Ours / SQLCipher",
               "Ours / SQLite", "Ours / SQLCipher in CPU time"), rows),
    ])  # fmt: skip


def ui_section(results: dict[str, Any]) -> str:
    ui = results.get("ui", {})
    runs = ui.get("runs", [])
    if not runs:
        return "## Desktop app (offscreen Qt)\n\nNo figures in this run" + error(results, "ui")
    rows = [
        ("KDF, calibrated", ui_figure(runs, lambda r: r["calibrated"]["kdf_ms"]), "ms"),
        ("KDF, policy floor (t=3, 64 MiB)", ui_figure(runs, lambda r: r["floor"]["kdf_ms"]), "ms"),
        ("unlock after the KDF (open, checks, audit)", ui_figure(runs, lambda r: r["floor"]["open_ms"]), "ms"),
        ("first Today paint, first unlock of the day (built)", ui_figure(runs, lambda r: r["today_paint_ms_cold"]),
         "ms"),
        ("unlock after the KDF + first Today paint, built", ui_figure(runs, lambda r: r["today_after_kdf_cold_ms"]),
         "ms"),
        ("first Today paint, a later unlock (kept worklist)", ui_figure(runs, lambda r: r["today_paint_ms"]), "ms"),
        ("unlock after the KDF + first Today paint, kept", ui_figure(runs, lambda r: r["today_after_kdf_ms"]), "ms"),
        ("panel open (first rows painted)", ui_figure(runs, lambda r: r["panel_open_ms"]), "ms"),
        ("filter keystroke p50", ui_figure(runs, lambda r: r["keystroke_p50_ms"]), "ms"),
        ("filter keystroke p95", ui_figure(runs, lambda r: r["keystroke_p95_ms"]), "ms"),
        ("sort click p95", ui_figure(runs, lambda r: r["sort_p95_ms"]), "ms"),
        ("RSS with Today", ui_figure(runs, lambda r: r["rss_with_today_mb"]), "MB"),
        ("RSS with the panel", ui_figure(runs, lambda r: r["rss_with_panel_mb"]), "MB"),
        ("peak RSS (counts the KDF's memory too)", ui_figure(runs, lambda r: r["peak_rss_mb"]), "MB"),
    ]  # fmt: skip
    first = runs[0]
    return "\n".join([
        "## Desktop app (offscreen Qt)",
        "",
        f"bench/ui_bench.py, {len(runs)} runs (each a new process) on a synthetic vault of {ui['members']:,} members "
        f"({first.get('records') or '?'} records; Today lists {first.get('today_rows')} rows, the panel "
        f"{first.get('panel_members')} members); {first.get('keystrokes')} keystrokes typed per run "
        f"(`{first.get('typed')}`). Calibrated KDF: {first.get('calibrated_kdf')}.",
        "",
        table(("Figure", "Median (min–max)"), [(name, timed(f, unit)) for name, f, unit in rows]),
    ])  # fmt: skip


def scaling_points(results: dict[str, Any]) -> dict[str, list[tuple[float, float]]]:
    """(records, median) series for the plot: seconds for syncs, milliseconds for the panel."""
    series: dict[str, list[tuple[float, float]]] = {"ours": [], "floor": [], "pouchdb": [], "panel": []}
    for r in results.get("sync_1000", {}).get("results", []):
        s = scenario(r, "initial")
        if s:
            series["ours"].append((r["records"], s["median_s"]))
            series["floor"].append((r["records"], r["floor"]["sqlcipher_s"]))
    for r in results.get("pouchdb", {}).get("results", []):
        if r["batch"] == 1000:
            series["pouchdb"].append((r["records"], r["initial"]["median_s"]))
    for runs in results.get("scaling_ui", {}).values():
        f = ui_figure(runs, lambda r: r["panel_open_ms"])
        if f and runs[0].get("records"):
            series["panel"].append((runs[0]["records"], f["median"]))
    return {k: sorted(v) for k, v in series.items()}


def growth(points: list[tuple[float, float]]) -> str:
    """The exponent k of cost ∝ records^k between the smallest and the largest size (1 = linear)."""
    if len(points) < 2 or points[0][1] <= 0:
        return MISSING
    (x0, y0), (x1, y1) = points[0], points[-1]
    return f"{math.log(y1 / y0) / math.log(x1 / x0):.2f}"


def scaling_section(results: dict[str, Any], plot: Path) -> str:
    series = scaling_points(results)
    rows = []
    for name, label, unit in (("ours", "our initial sync (batch 1,000)", "s"), ("floor", "SQLCipher floor", "s"),
                              ("pouchdb", "PouchDB initial sync (batch 1,000)", "s"),
                              ("panel", "panel open (first rows painted)", "ms")):  # fmt: skip
        pts = series[name]
        values = ", ".join(f"{int(x):,}: {y:.3f} s" if unit == "s" else f"{int(x):,}: {y:.0f} ms" for x, y in pts)
        rows.append((label, values or MISSING, growth(pts)))
    return "\n".join([
        "## Scaling",
        "",
        f"![initial sync and panel open against the record count]({plot.name})",
        "",
        "Medians at each size (records: time). *k* is the exponent of cost ∝ records^k between the smallest and "
        "the largest size: 1 is linear, below 1 better than linear (fixed costs dominate small sizes). The panel "
        "sizes are vaults of 46, 455 and 4,546 members (about 1k, 10k and 100k records).",
        "",
        table(("Series", "Records: median", "k"), rows),
    ])  # fmt: skip


def server_section(results: dict[str, Any]) -> str:
    server = results.get("server", {})
    runs = server.get("runs", [])
    if not runs:
        return "## Server under load\n\nNo figures in this run" + error(results, "server")
    rows = []
    for name in ("hello", "push", "pull", "round", "bootstrap pull"):
        p50 = spread([r[name]["p50"] for r in runs if name in r])
        p95 = spread([r[name]["p95"] for r in runs if name in r])
        rows.append((name, timed(p50, "ms"), timed(p95, "ms")))
    rps = spread([r["req_per_s"] for r in runs])
    saturated = [r["saturation"] for r in runs if "saturation" in r]
    sat_rows = [(name, timed(spread([r[name]["p50"] for r in saturated if name in r]), "ms"),
                 timed(spread([r[name]["p95"] for r in saturated if name in r]), "ms"))
                for name in ("hello", "push", "pull", "round")]  # fmt: skip
    offered = spread([r["offered_rounds_per_s"] for r in runs if "offered_rounds_per_s" in r])
    achieved = spread([r["achieved_rounds_per_s"] for r in runs if "achieved_rounds_per_s" in r])
    most = spread([r["rounds_per_s"] for r in saturated])
    return "\n".join([
        "## Server under load",
        "",
        f"bench/server_bench.py on PostgreSQL: {server['devices']} simulated devices (one coach each, 20 members), "
        f"hello → push 10 patches → pull, for up to {server['seconds']} s per phase, {len(runs)} runs; the server "
        f"with one worker, the load from 2 client processes on the same 2 cores.",
        "",
        f"Latency (open loop): each device starts a round every {server.get('cadence_s', '?')} s (the app: every "
        f"5 min, and at most once a minute after saves), offered {timed(offered, 'rounds/s')}, achieved "
        f"{timed(achieved, 'rounds/s')}; throughput {timed(rps, 'req/s')}; errors per run: "
        f"{', '.join(r.get('errors', '?') for r in runs)}.",
        "",
        table(("Request", "p50 ms", "p95 ms"), rows),
        "",
        f"Saturation (closed loop: every device's rounds back to back, so latency is queueing): "
        f"{timed(most, 'rounds/s')} at most; errors per run: {', '.join(r.get('errors', '?') for r in saturated)}.",
        "",
        table(("Request", "p50 ms", "p95 ms"), sat_rows) if saturated else "No saturation phase in this run.",
    ])  # fmt: skip


def other_section(results: dict[str, Any]) -> str:
    other = results.get("other", {})
    if not other:
        return "## Other benches\n\nNo figures in this run" + error(results, "other")
    v = other.get("vault", [])
    rows = [(f"vault bulk insert, {other.get('vault_members')} members", ui_figure(v, lambda r: r["insert_s"]), "s"),
            ("its executemany floor", ui_figure(v, lambda r: r["floor_s"]), "s"),
            ("insert / floor", ui_figure(v, lambda r: r["ratio"]), "×"),
            ("vault unlock: KDF (policy floor)", ui_figure(v, lambda r: r["kdf_ms"]), "ms"),
            ("vault open, check, migrate", ui_figure(v, lambda r: r["open_ms"]), "ms"),
            ("member search p50", ui_figure(v, lambda r: r["search_p50_ms"]), "ms"),
            ("member search p95", ui_figure(v, lambda r: r["search_p95_ms"]), "ms")]  # fmt: skip
    imports = other.get("import", [])
    for label in imports[0] if imports else {}:
        rows.append((f"server import ({other.get('import_rows')} rows, PostgreSQL): {label}",
                     ui_figure(imports, lambda r, label=label: r[label]["s"]), "s"))  # fmt: skip
    out = table(("Figure", "Median (min–max)"), [(name, timed(f, unit)) for name, f, unit in rows])
    w = other.get("worklist")
    if w:
        out += (f"\n\nworklist_bench: Today's list for {w['members']:,} members ({w['records']:,} records, "
                f"{w['items']:,} items) built in {w['median_ms']} ms ({w['min_ms']}–{w['max_ms']} ms).")  # fmt: skip
    return "## Other benches\n\n" + out


def last_words(message: str) -> str:
    """The end of a failure (the exception itself), on one line."""
    lines = [line.strip() for line in message.replace("`", "'").splitlines() if line.strip()]
    return "`" + " ⏎ ".join(lines[-3:])[-400:] + "`"


def error(results: dict[str, Any], name: str) -> str:
    message = results.get("errors", {}).get(name)
    return f": the section failed ({last_words(message)})." if message else "."


def unfinished(results: dict[str, Any]) -> str:
    cfg = results.get("config", {})
    lines = ["## Notes and what is not measured", ""]
    for name, message in results.get("errors", {}).items():
        lines.append(f"- Section `{name}` failed in this run: {last_words(message)}")
    if cfg.get("runs", 5) < 5 or cfg.get("big_runs", 5) < 5:
        lines.append(f"- **Fewer runs than issue 7 asks (≥ 5)**: {cfg.get('runs')} per figure and "
                     f"{cfg.get('big_runs')} at 100,000 records, to fit the time this run had on a loaded machine; "
                     "`bench/run_all` alone runs 5 of each.")  # fmt: skip
    for name in results.get("salvaged", []):
        lines.append(f"- Section `{name}`: some record counts come from the per-size files of a process that "
                     "failed or was stopped at a later size (`--salvage`); sizes missing from its tables were not "
                     "measured in this run.")  # fmt: skip
    if results.get("processes", 1) > 1:
        lines.append(f"- The sections ran in {results['processes']} `run_all` processes side by side (`--only`, "
                     "`--results`, then `--merge`), so each competed with the others for the 2 cores.")  # fmt: skip
    lines += [
        "- The server's database for our sync is PostgreSQL (as deployed); PouchDB's server keeps its data in "
        "LevelDB. Both servers run on the same 2 cores as the client.",
        "- PouchDB is measured in Node (LevelDB through leveldown); a browser PouchDB on IndexedDB would be slower.",
        "- Push figures: our push scenario is one `sync_once` after 1,000 edits in a fresh vault (first); "
        "sync_bench has no steady-state push, so only PouchDB's second round is reported as steady state.",
    ]  # fmt: skip
    return "\n".join(lines)


def write(results: dict[str, Any], report: Path, plot: Path) -> None:
    from run_all_plot import draw

    draw(scaling_points(results), plot)
    body = [header(results), targets(results), sync_tables(results), floor_table(results), ui_section(results),
            scaling_section(results, plot), server_section(results), other_section(results),
            unfinished(results)]  # fmt: skip
    durations = results.get("durations_s", {})
    if durations:
        body.append("Section durations: " + ", ".join(f"{k} {v / 60:.0f} min" for k, v in durations.items()) + ".")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n\n".join(body) + "\n", encoding="utf-8")
    os.chmod(report, 0o644)
