// The PouchDB peer of bench/run_all (issue 7): express-pouchdb on loopback, PouchDB 9 (LevelDB on disk) as the
// client, the same synthetic record bodies as bench/sync_bench.py (an NDJSON file written by Python).
//
//   node peer.js serve DIR PORT                      the server (prints "listening PORT"); gzip is off: the
//                                                    Accept-Encoding header is dropped, as our server sends none
//   node peer.js load DIR NAME FILE.ndjson           the server's database, filled before it serves (not timed)
//   node peer.js client URL LOCALDIR BATCH N NOOPS   every timed scenario on a fresh local database; one JSON line
//   node peer.js kill-at URL LOCALDIR BATCH N        initial replication, SIGKILL of itself at 50 % written
//   node peer.js resume URL LOCALDIR BATCH N         the replication after that kill, timed; one JSON line
//
// A replication is timed until it completed (PouchDB writes its checkpoint before it reports completion), the
// local doc_count is checked and the last document read back: the data is queryable.
'use strict';

const path = require('path');
const fs = require('fs');
const readline = require('readline');
const PouchDB = require('pouchdb');

const EDITABLE = { member: 'risk_reason', care_plan: 'strengths', care_plan_goal: 'baseline' }; // as sync_bench
const EDITS = 1000;

function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function serve(dir, port) {
  const express = require('express');
  const app = express();
  const Server = PouchDB.defaults({ prefix: path.join(dir, path.sep) });
  app.use((req, _res, next) => {
    delete req.headers['accept-encoding']; // gzip off on both sides (our server does not compress)
    next();
  });
  app.use('/', require('express-pouchdb')(Server, { mode: 'minimumForPouchDB', logPath: path.join(dir, 'log.txt') }));
  const server = app.listen(Number(port), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

async function load(dir, name, file) {
  const db = new PouchDB(path.join(dir, name));
  let batch = [];
  let count = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length === 1000) {
      count += await put(db, batch);
      batch = [];
    }
  }
  if (batch.length) count += await put(db, batch);
  await db.close();
  console.log(JSON.stringify({ loaded: count }));
}

async function put(db, docs) {
  const results = await db.bulkDocs(docs);
  const failed = results.filter((r) => r.error);
  if (failed.length) throw new Error(`bulkDocs failed: ${JSON.stringify(failed[0])}`);
  return docs.length;
}

async function queryable(local, n, lastId) {
  const info = await local.info();
  if (info.doc_count !== n) throw new Error(`local holds ${info.doc_count} of ${n} documents`);
  if (lastId) await local.get(lastId);
}

async function replicateFrom(remote, local, batch, n, lastId) {
  const start = now();
  const result = await PouchDB.replicate(remote, local, { batch_size: batch, batches_limit: 10 });
  await queryable(local, n, lastId);
  return { seconds: now() - start, docs_read: result.docs_read, docs_written: result.docs_written };
}

async function timedSync(local, remote, batch, n) {
  const start = now();
  const result = await local.sync(remote, { batch_size: batch, batches_limit: 10 });
  await queryable(local, n, null);
  return {
    seconds: now() - start,
    pushed: result.push.docs_written,
    pulled: result.pull.docs_written,
  };
}

async function editable(db, count) {
  const docs = [];
  for (const kind of Object.keys(EDITABLE)) {
    if (docs.length >= count) break;
    const page = await db.allDocs({
      include_docs: true, startkey: `${kind}:`, endkey: `${kind}:\uffff`, limit: count - docs.length,
    });
    docs.push(...page.rows.map((r) => r.doc));
  }
  return docs;
}

function edited(doc, text) {
  return { ...doc, [EDITABLE[doc.kind]]: text };
}

async function editLocally(local, round) {
  // One put per edit, as the app makes them (one transaction each); not timed, as in sync_bench.
  const docs = await editable(local, EDITS);
  for (const doc of docs) await local.put(edited(doc, `local edit ${round}`));
  return docs.length;
}

async function editRemotely(remote, round) {
  // One bulk write on the server, as sync_bench changes its records (an administrator's import).
  const docs = await editable(remote, EDITS);
  await put(remote, docs.map((doc) => edited(doc, `server change ${round}`)));
  return docs.length;
}

async function lastDocId(remote) {
  const page = await remote.allDocs({ descending: true, limit: 1 });
  return page.rows[0].id;
}

async function client(url, localDir, batch, n, noops) {
  const remote = new PouchDB(url);
  const local = new PouchDB(localDir);
  const lastId = await lastDocId(remote);
  const out = { batch, records: n };
  out.initial = await replicateFrom(remote, local, batch, n, lastId);
  const noopTimes = [];
  for (let i = 0; i < noops; i++) noopTimes.push((await timedSync(local, remote, batch, n)).seconds);
  out.noop = { seconds: median(noopTimes), runs: noopTimes.length, min: Math.min(...noopTimes), max: Math.max(...noopTimes) };
  for (const [name, round] of [['push_first', 1], ['push_steady', 2]]) {
    const start = now();
    const count = await editLocally(local, round);
    const editSeconds = now() - start;
    out[name] = { ...(await timedSync(local, remote, batch, n)), edits: count, edit_seconds: editSeconds };
    if (out[name].pushed !== count) throw new Error(`pushed ${out[name].pushed} of ${count} edits`);
  }
  for (const [name, round] of [['pull_first', 1], ['pull_steady', 2]]) {
    const count = await editRemotely(remote, round);
    out[name] = { ...(await timedSync(local, remote, batch, n)), changed: count };
    if (out[name].pulled < count) throw new Error(`pulled ${out[name].pulled} of ${count} changes`);
  }
  await local.close();
  console.log(JSON.stringify(out));
}

async function killAt(url, localDir, batch, n) {
  const remote = new PouchDB(url);
  const local = new PouchDB(localDir);
  const replication = PouchDB.replicate(remote, local, { batch_size: batch, batches_limit: 10 });
  replication.on('change', (info) => {
    if (info.docs_written >= n / 2) {
      console.log(JSON.stringify({ killed_at: info.docs_written }));
      process.kill(process.pid, 'SIGKILL'); // no clean-up of any kind: a crash
    }
  });
  await replication;
  throw new Error('the replication finished before it was killed');
}

async function resume(url, localDir, batch, n) {
  const remote = new PouchDB(url);
  const local = new PouchDB(localDir);
  const before = (await local.info()).doc_count;
  const lastId = await lastDocId(remote);
  const out = await replicateFrom(remote, local, batch, n, lastId);
  await local.close();
  console.log(JSON.stringify({ ...out, held_before: before, batch, records: n }));
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const int = (value) => Number.parseInt(value, 10);
  switch (command) {
    case 'serve': return serve(args[0], args[1]);
    case 'load': return load(args[0], args[1], args[2]);
    case 'client': return client(args[0], args[1], int(args[2]), int(args[3]), int(args[4]));
    case 'kill-at': return killAt(args[0], args[1], int(args[2]), int(args[3]));
    case 'resume': return resume(args[0], args[1], int(args[2]), int(args[3]));
    default: throw new Error(`unknown command ${command}`);
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
