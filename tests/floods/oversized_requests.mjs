// Sends gRPC requests far over the server's 64 KiB limit on HTTP/2 streams
// at once and reports how each ended. Shares no code with Parley.
// Usage: node oversized_requests.mjs HOST:PORT STREAMS MEGABYTES
// Prints one JSON line: {"statuses": {...}, "sentMB": n}.
import http2 from 'node:http2';

const [address, streams, megabytes] = process.argv.slice(2);
const session = http2.connect(`http://${address}`);
session.on('error', () => {});
const chunk = Buffer.alloc(1 << 20, 0x41);
const statuses = {};
let sent = 0;
await Promise.all(Array.from({ length: Number(streams) }, () => new Promise((resolve) => {
  const stream = session.request({
    ':method': 'POST',
    ':path': '/chat.v1.MessageService/SendMessage',
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  const total = Number(megabytes) << 20;
  const header = Buffer.alloc(5);
  header.writeUInt32BE(total, 1);
  let written = 0;
  let done = false;
  const finish = (status) => {
    if (done) return;
    done = true;
    statuses[status] = (statuses[status] || 0) + 1;
    resolve();
  };
  stream.on('trailers', (t) => finish(`grpc-status ${t['grpc-status']}`));
  stream.on('response', (h) => { if (h['grpc-status']) finish(`grpc-status ${h['grpc-status']}`); });
  stream.on('error', (e) => finish(`error ${e.code}`));
  stream.on('close', () => finish(`closed rst=${stream.rstCode}`));
  stream.on('data', () => {});
  const pump = () => {
    while (written < total && !done) {
      written += chunk.length;
      sent += chunk.length;
      if (!stream.write(chunk)) { stream.once('drain', pump); return; }
    }
    if (!done) stream.end();
  };
  stream.write(header);
  pump();
})));
session.destroy();
console.log(JSON.stringify({ statuses, sentMB: Math.round(sent / (1 << 20)) }));
