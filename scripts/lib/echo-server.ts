/**
 * The benchmark's baseline: a bare Socket.IO server (websocket transport, default namespace)
 * that acknowledges every `echo` with its payload, run as a child process so that its CPU time
 * can be read apart from the driver's. Prints `{"port":N}` once it listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  socket.on('echo', (payload: unknown, ack: unknown) => {
    if (typeof ack === 'function') ack(payload);
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.once('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
