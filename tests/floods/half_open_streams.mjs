// Opens many HTTP/2 streams to a gRPC server that send HEADERS and never a
// body, holds them, then closes everything. Shares no code with Parley.
// Usage: node half_open_streams.mjs HOST:PORT CONNECTIONS STREAMS_PER_CONNECTION HOLD_MS [wait]
// With "wait", each connection first waits for the server's SETTINGS (and so keeps to its limit
// on concurrent streams, as a well-behaved client does); without, it sends every HEADERS frame
// at once, before the server's SETTINGS can arrive.
// Prints one JSON line: {"opened": n, "refused": n} (streams the client got going, and ones
// that ended in an error).
import http2 from 'node:http2';

const [address, connections, perConnection, holdMs, wait] = process.argv.slice(2);
const sessions = [];
let opened = 0;
let refused = 0;
for (let c = 0; c < Number(connections); c++) {
  const session = http2.connect(`http://${address}`, {
    peerMaxConcurrentStreams: 100000,
  });
  session.on('error', () => {});
  sessions.push(session);
  if (wait === 'wait') await new Promise((resolve) => session.once('remoteSettings', resolve));
  for (let s = 0; s < Number(perConnection); s++) {
    const stream = session.request(
      {
        ':method': 'POST',
        ':path': '/chat.v1.MessageService/SendMessage',
        'content-type': 'application/grpc',
        te: 'trailers',
      },
      { endStream: false });
    stream.on('response', () => {});
    stream.on('ready', () => { opened++; });
    stream.on('error', () => { refused++; });
    stream.on('close', () => {});
  }
}
await new Promise((resolve) => setTimeout(resolve, Number(holdMs)));
for (const session of sessions) session.destroy();
console.log(JSON.stringify({ opened, refused }));
