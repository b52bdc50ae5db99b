// A client of Parley's JSON protocol (docs/protocols/json.md) that knows nothing of Parley's
// code: Node's `net` for the connection, one JSON object per line, and its own SCRAM-SHA-256
// (RFC 5802 with RFC 7677's hash) on Node's `crypto`. It creates two accounts, signs in, sends,
// reads, subscribes (live and with after_id), cancels a stream, and checks the error answers.
//
// Environment: PARLEY_JSON_ADDR, host:port of the server's JSON listener.
import crypto from 'node:crypto';
import net from 'node:net';

const [host, port] = (process.env.PARLEY_JSON_ADDR ?? '').split(':');
if (!host || !port) {
  console.error('json client test: set PARLEY_JSON_ADDR=host:port');
  process.exit(2);
}
const overall = setTimeout(() => fail('the test did not finish within 60 s'), 60_000);

function fail(why) {
  console.error(`json client test: FAILED: ${why}`);
  process.exit(1);
}

function check(condition, what) {
  if (!condition) fail(what);
  console.log(`ok - ${what}`);
}

// One connection: requests with ids, replies matched by id, events routed to their stream.
class JsonConnection {
  constructor() {
    this.nextId = 1;
    this.calls = new Map();    // id -> {resolve, reject}
    this.streams = new Map();  // id -> {onEvent, resolve, reject}
    this.buffer = '';
    this.socket = net.createConnection({host, port: Number(port)});
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk) => this.onData(chunk));
  }

  onData(chunk) {
    this.buffer += chunk;
    let newline;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.onLine(JSON.parse(line));
    }
  }

  onLine(reply) {
    const call = this.calls.get(reply.id);
    if (call) {
      this.calls.delete(reply.id);
      if (reply.error) call.reject(reply.error); else call.resolve(reply.result);
      return;
    }
    const stream = this.streams.get(reply.id);
    if (stream) {
      if (reply.event) { stream.onEvent(reply.event); return; }
      this.streams.delete(reply.id);
      if (reply.error) stream.reject(reply.error); else stream.resolve(reply.result);
      return;
    }
    // Answers about no call in flight (a line that was not a request at all).
    this.unsolicited = reply;
  }

  send(object) {
    this.socket.write(JSON.stringify(object) + '\n');
  }

  // Resolves with the result, or rejects with {code, message}.
  call(method, params, token) {
    const id = this.nextId++;
    const request = {id, method, params};
    if (token !== undefined) request.token = token;
    return new Promise((resolve, reject) => {
      this.calls.set(id, {resolve, reject});
      this.send(request);
    });
  }

  // Opens a Subscribe stream; `ended` settles when the server ends it.
  subscribe(params, token, onEvent) {
    const id = this.nextId++;
    const ended = new Promise((resolve, reject) => {
      this.streams.set(id, {onEvent, resolve, reject});
    });
    this.send({id, method: 'Subscribe', params, token});
    return {id, ended, cancel: () => this.send({id, method: 'Cancel'})};
  }

  close() {
    this.socket.end();
  }
}

// --- SCRAM-SHA-256 (RFC 5802, RFC 7677) -------------------------------------------------------

const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const sha256 = (data) => crypto.createHash('sha256').update(data).digest();
const xor = (a, b) => Buffer.from(a.map((byte, i) => byte ^ b[i]));
const b64 = (bytes) => Buffer.from(bytes).toString('base64');

function saltedPassword(password, salt, iterations) {
  return crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
}

// What the server stores for an account: never the password.
function verifier(password) {
  const salt = crypto.randomBytes(16);
  const iterations = 4096;
  const salted = saltedPassword(password, salt, iterations);
  return {
    salt: b64(salt),
    iterations,
    storedKey: b64(sha256(hmac(salted, 'Client Key'))),
    serverKey: b64(hmac(salted, 'Server Key')),
  };
}

function attributes(message) {
  const out = {};
  for (const part of message.split(',')) out[part[0]] = part.slice(2);
  return out;
}

// Signs in with SCRAM and checks the server's signature; resolves with CompleteLogin's result.
async function login(connection, username, password) {
  const clientNonce = crypto.randomBytes(18).toString('base64');
  const clientFirstBare = `n=${username},r=${clientNonce}`;
  const challenge = await connection.call('BeginLogin', {
    username,
    clientFirst: b64(Buffer.from(`n,,${clientFirstBare}`)),
  });
  const serverFirst = Buffer.from(challenge.serverFirst, 'base64').toString();
  const {r: nonce, s: salt, i: iterations} = attributes(serverFirst);
  if (!nonce.startsWith(clientNonce)) throw new Error('the server changed our nonce');
  const salted = saltedPassword(password, Buffer.from(salt, 'base64'), Number(iterations));
  const clientKey = hmac(salted, 'Client Key');
  const withoutProof = `c=${b64(Buffer.from('n,,'))},r=${nonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const proof = xor(clientKey, hmac(sha256(clientKey), authMessage));
  const done = await connection.call('CompleteLogin', {
    loginId: challenge.loginId,
    clientFinal: b64(Buffer.from(`${withoutProof},p=${b64(proof)}`)),
  });
  const serverFinal = attributes(Buffer.from(done.serverFinal, 'base64').toString());
  const expected = b64(hmac(hmac(salted, 'Server Key'), authMessage));
  if (serverFinal.v !== expected) throw new Error('the server did not prove it knows the verifier');
  return done;
}

async function expectError(promise, code, what) {
  try {
    await promise;
  } catch (error) {
    check(error.code === code, `${what}: ${code} (${error.message})`);
    return error;
  }
  fail(`${what}: the call succeeded`);
}

function waitFor(predicate, what, ms = 10_000) {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = () => {
      if (predicate()) { resolve(); return; }
      if (Date.now() - started > ms) fail(`timed out waiting for ${what}`);
      setTimeout(poll, 10);
    };
    poll();
  });
}

// --- The test ---------------------------------------------------------------------------------

const alice = new JsonConnection();
const bob = new JsonConnection();
await Promise.all([alice.opened, bob.opened]);

const created = await alice.call('CreateAccount', {username: 'alice', ...verifier('alice-pw')});
check(created.account.username === 'alice', 'CreateAccount returns the account');
await bob.call('CreateAccount', {username: 'bob', ...verifier('bob-pw')});
await expectError(alice.call('CreateAccount', {username: 'ALICE', ...verifier('x')}),
                  'ALREADY_EXISTS', 'a taken name in another case');

await expectError(login(alice, 'alice', 'wrong'), 'UNAUTHENTICATED', 'a wrong password');
const aliceLogin = await login(alice, 'alice', 'alice-pw');
check(/^[0-9a-f]{64}$/.test(aliceLogin.sessionToken), 'SCRAM sign-in returns a token');
const aliceToken = aliceLogin.sessionToken;
const bobToken = (await login(bob, 'bob', 'bob-pw')).sessionToken;

await expectError(alice.call('ListConversations', {}, ''), 'UNAUTHENTICATED',
                  'a call without a token');
const accounts = await alice.call('ListAccounts', {pattern: '*'}, aliceToken);
check(accounts.totalCount === '2', 'ListAccounts counts both accounts (int64 as a string)');

// Live delivery: bob's stream starts with CaughtUp, then gets alice's message as it is sent.
const live = [];
const stream = bob.subscribe({}, bobToken, (event) => live.push(event));
await waitFor(() => live.some((e) => e.caughtUp), 'CaughtUp on the live stream');
const sent = await alice.call('SendMessage', {recipient: 'bob', text: 'hello from node'},
                              aliceToken);
check(Number(sent.id) > 0, 'SendMessage returns the message id');
await waitFor(() => live.some((e) => e.message), 'the message on bob\'s stream');
const pushed = live.find((e) => e.message).message;
check(pushed.text === 'hello from node' && pushed.sender === 'alice' && pushed.id === sent.id,
      'the pushed event carries the message');

// Reading marks it read.
const read = await bob.call('ReadMessages', {limit: 10}, bobToken);
check(read.messages.length === 1 && read.messages[0].text === 'hello from node',
      'ReadMessages returns the message');
await expectError(bob.call('ReadMessages', {limit: 0}, bobToken), 'INVALID_ARGUMENT',
                  'a limit of 0');
await expectError(alice.call('SendMessage', {recipient: 'nobody', text: 'hi'}, aliceToken),
                  'NOT_FOUND', 'a message to an unknown account');

// Cancelling ends the stream with CANCELLED.
stream.cancel();
await expectError(stream.ended, 'CANCELLED', 'a cancelled stream');

// Replay: a new stream with after_id 0 gets the stored message first, then CaughtUp.
const replayed = [];
const replay = bob.subscribe({afterId: '0'}, bobToken, (event) => replayed.push(event));
await waitFor(() => replayed.some((e) => e.caughtUp), 'CaughtUp after the replay');
check(replayed[0].message && replayed[0].message.id === sent.id &&
      replayed[1].caughtUp && replayed[1].caughtUp.lastId === sent.id,
      'after_id replays the stored message before CaughtUp');
replay.cancel();
await expectError(replay.ended, 'CANCELLED', 'the replay stream, cancelled');

// Errors of the protocol itself.
await expectError(alice.call('NoSuchMethod', {}, aliceToken), 'UNIMPLEMENTED',
                  'an unknown method');
await expectError(alice.call('SendMessage', {recipient: 42}, aliceToken), 'INVALID_ARGUMENT',
                  'params of the wrong type');
alice.socket.write('this is not json\n');
await waitFor(() => alice.unsolicited, 'the answer to a line that is not JSON');
check(alice.unsolicited.id === 0 && alice.unsolicited.error.code === 'INVALID_ARGUMENT',
      'a line that is not JSON is answered for call 0 and the connection goes on');
const after = await alice.call('ListConversations', {}, aliceToken);
check(after.conversations.length === 1 && after.conversations[0].peer === 'bob',
      'the connection still serves calls');

await alice.call('Logout', {}, aliceToken);
await expectError(alice.call('ListConversations', {}, aliceToken), 'UNAUTHENTICATED',
                  'the token after Logout');

alice.close();
bob.close();
clearTimeout(overall);
console.log('json client test: all checks passed');
