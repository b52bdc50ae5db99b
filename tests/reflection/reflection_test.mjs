// End-to-end test: a third-party gRPC client that knows nothing about Parley but its address.
//
// It does what a grpcurl user would do: list the services through server reflection, fetch the
// chat.v1 descriptors through reflection (never from proto/ on disk), build a @grpc/grpc-js
// client from them, and use the API with a session token: unary calls, error statuses, and a
// Subscribe stream that replays, catches up and then delivers live.
//
// Inputs (environment): PARLEY_ADDR (host:port of a running server, plaintext), ALICE_TOKEN and
// BOB_TOKEN (session tokens of two accounts named alice and bob that have no messages yet).
// run_reflection_test.sh sets all of this up. Prints one line per check and ends with
// "N passed, M failed"; exits non-zero if any check fails or the whole run exceeds 20 s.
import assert from 'node:assert/strict';

import * as grpc from '@grpc/grpc-js';
import { GrpcReflection } from 'grpc-js-reflection-client';

const RUN_TIMEOUT_MS = 20_000;
const CALL_TIMEOUT_MS = 5_000;
const EVENT_TIMEOUT_MS = 5_000;

// Never hang: whatever is stuck (a connection, a stream), the run fails after RUN_TIMEOUT_MS.
const watchdog = setTimeout(() => {
  console.error(`FAIL: the test did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, RUN_TIMEOUT_MS);

const { PARLEY_ADDR, ALICE_TOKEN, BOB_TOKEN } = process.env;
if (!PARLEY_ADDR || !ALICE_TOKEN || !BOB_TOKEN) {
  console.error('PARLEY_ADDR, ALICE_TOKEN and BOB_TOKEN must be set');
  process.exit(2);
}

const CHAT_SERVICES = [
  'chat.v1.AccountService',
  'chat.v1.MessageService',
  'chat.v1.SubscriptionService',
];
const HEALTH_SERVICE = 'grpc.health.v1.Health';

// How the reflected descriptors become JavaScript objects: proto field names as written
// (snake_case), 64-bit integers as decimal strings, unset fields present with their defaults,
// and the name of the set member of each oneof in a field of its own (Event.kind).
const LOADER_OPTIONS = {
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
};

// --- Helpers ---------------------------------------------------------------------------------

// Metadata carrying a session token the way the API expects it.
function bearer(token) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

// Options that give one call (a reflection query included) CALL_TIMEOUT_MS to complete.
function withDeadline() {
  return { deadline: Date.now() + CALL_TIMEOUT_MS };
}

// Calls a unary method and resolves with its reply; rejects with the gRPC error (err.code).
function unary(client, method, request, metadata = new grpc.Metadata()) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, withDeadline(),
      (err, reply) => (err ? reject(err) : resolve(reply)));
  });
}

// Asserts that a promise rejects with the given gRPC status code; returns the error.
async function expectStatus(promise, code) {
  let error;
  await assert.rejects(promise, (err) => {
    error = err;
    return true;
  });
  if (error.code === undefined) throw error; // not a gRPC status: report it as it is
  const got = `${grpc.status[error.code]} (${error.code}): ${error.details}`;
  assert.equal(error.code, code, `expected status ${grpc.status[code]} (${code}), got ${got}`);
  return error;
}

// Reads a server stream one message at a time, failing if none arrives within `ms`.
function streamReader(call) {
  const iterator = call[Symbol.asyncIterator]();
  return async function next(ms = EVENT_TIMEOUT_MS) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no stream event within ${ms} ms`)), ms);
    });
    try {
      const { value, done } = await Promise.race([iterator.next(), timeout]);
      if (done) throw new Error('the stream ended');
      return value;
    } finally {
      clearTimeout(timer);
    }
  };
}

// A minimal runner: checks run in order (later ones use what earlier ones produced), a failing
// check is reported and the rest still run.
let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL - ${name}\n  ${String(err?.stack ?? err).replaceAll('\n', '\n  ')}`);
  }
}

// The chat.v1 client for a service (by short name), once reflection has produced it.
function stub(service) {
  assert.ok(stubs[service], `no ${service} client: reflection did not describe it`);
  return stubs[service];
}

// --- The test --------------------------------------------------------------------------------

const credentials = grpc.credentials.createInsecure();
const reflection = new GrpcReflection(PARLEY_ADDR, credentials);
const stubs = {}; // chat.v1 clients by short service name, built from reflected descriptors
let firstMessage; // { id, text } sent by alice to bob in the unary checks
let subscription; // bob's open Subscribe call
let nextEvent; // reads the next event from it

await check('reflection lists the chat.v1 services and the health service', async () => {
  const services = await reflection.listServices('*', new grpc.Metadata(), withDeadline());
  for (const name of [...CHAT_SERVICES, HEALTH_SERVICE]) {
    assert.ok(services.includes(name), `${name} missing from ${JSON.stringify(services)}`);
  }
});

await check('reflection describes chat.v1; clients are built from those descriptors', async () => {
  // One reflection query per service, so the test does not depend on how chat.v1 is split
  // into files; each answer comes with its dependencies (google/protobuf/timestamp.proto).
  for (const fullName of CHAT_SERVICES) {
    const descriptor =
      await reflection.getDescriptorBySymbol(fullName, new grpc.Metadata(), withDeadline());
    const shortName = fullName.split('.').pop();
    const Service = descriptor.getPackageObject(LOADER_OPTIONS).chat.v1[shortName];
    assert.equal(typeof Service, 'function', `no client constructor for ${fullName}`);
    stubs[shortName] = new Service(PARLEY_ADDR, credentials);
  }
  assert.equal(typeof stubs.MessageService.SendMessage, 'function');
  assert.equal(typeof stubs.AccountService.ListAccounts, 'function');
  assert.equal(typeof stubs.SubscriptionService.Subscribe, 'function');
});

await check('SendMessage with a token stores the message and returns its id', async () => {
  const text = 'hello bob, from a reflection client';
  const reply = await unary(stub('MessageService'), 'SendMessage',
    { recipient: 'bob', text }, bearer(ALICE_TOKEN));
  assert.match(reply.id, /^[1-9][0-9]*$/, `expected a positive id, got ${reply.id}`);
  firstMessage = { id: reply.id, text };
});

await check('ListAccounts with a token lists alice and bob', async () => {
  const reply = await unary(stub('AccountService'), 'ListAccounts', { pattern: '*' },
    bearer(ALICE_TOKEN));
  const names = reply.accounts.map((account) => account.username);
  assert.ok(names.includes('alice') && names.includes('bob'), `accounts: ${names}`);
  assert.ok(Number(reply.total_count) >= 2, `total_count ${reply.total_count}`);
});

await check('ListAccounts without a token is UNAUTHENTICATED', async () => {
  await expectStatus(unary(stub('AccountService'), 'ListAccounts', {}),
    grpc.status.UNAUTHENTICATED);
});

await check('SendMessage with empty text is INVALID_ARGUMENT about the text', async () => {
  const err = await expectStatus(unary(stub('MessageService'), 'SendMessage',
    { recipient: 'bob', text: '' }, bearer(ALICE_TOKEN)), grpc.status.INVALID_ARGUMENT);
  assert.match(err.details, /text/i);
});

await check('Subscribe with after_id 0 replays the message, then reports caught_up', async () => {
  assert.ok(firstMessage, 'no message was sent earlier');
  subscription = stub('SubscriptionService').Subscribe({ after_id: '0' }, bearer(BOB_TOKEN));
  nextEvent = streamReader(subscription);

  const first = await nextEvent();
  assert.equal(first.kind, 'message', `first event: ${JSON.stringify(first)}`);
  assert.equal(first.message.id, firstMessage.id);
  assert.equal(first.message.text, firstMessage.text);
  assert.equal(first.message.sender, 'alice');
  assert.equal(first.message.recipient, 'bob');

  const second = await nextEvent();
  assert.equal(second.kind, 'caught_up', `second event: ${JSON.stringify(second)}`);
  assert.equal(second.caught_up.last_id, firstMessage.id);
});

await check('a message sent while Subscribe is open arrives live', async () => {
  assert.ok(nextEvent, 'the Subscribe stream is not open');
  const text = 'and this one live';
  const reply = await unary(stub('MessageService'), 'SendMessage', { recipient: 'bob', text },
    bearer(ALICE_TOKEN));
  const event = await nextEvent();
  assert.equal(event.kind, 'message', `event: ${JSON.stringify(event)}`);
  assert.equal(event.message.id, reply.id);
  assert.equal(event.message.text, text);
  assert.equal(event.message.sender, 'alice');
});

await check('cancelling Subscribe ends the stream with CANCELLED', async () => {
  assert.ok(subscription, 'the Subscribe stream is not open');
  subscription.cancel();
  // Whatever was received before the cancel is still buffered; after it the stream must end
  // with CANCELLED, not just stop.
  const readToEnd = async () => {
    for (;;) await nextEvent();
  };
  await expectStatus(readToEnd(), grpc.status.CANCELLED);
});

await check('reflection describes the health service and Health/Check reports SERVING',
  async () => {
    const descriptor =
      await reflection.getDescriptorBySymbol(HEALTH_SERVICE, new grpc.Metadata(), withDeadline());
    const Health = descriptor.getPackageObject(LOADER_OPTIONS).grpc.health.v1.Health;
    assert.equal(typeof Health, 'function', `no client constructor for ${HEALTH_SERVICE}`);
    const client = new Health(PARLEY_ADDR, credentials);
    try {
      const reply = await unary(client, 'Check', { service: '' });
      assert.equal(reply.status, 'SERVING');
    } finally {
      client.close();
    }
  });

for (const stub of Object.values(stubs)) stub.close();
clearTimeout(watchdog);
console.log(`${passed} passed, ${failed} failed`);
// Exit explicitly: the reflection client keeps its channel open and has no way to close it.
process.exit(failed === 0 ? 0 : 1);
