// Socket.IO at /_hangar/socket.io: checks Host and Origin, then bridges engine events to subscribed clients.
import type { Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import type { Engine } from '../../lib/engine';
import type { HostPolicy } from '../security/host-check';
import { isSameOrigin } from '../security/origin-check';
import { SOCKET_PATH } from '../upgrade';

export function attachSockets(server: HttpServer, engine: Engine, hostPolicy: HostPolicy): IoServer {
  const io = new IoServer(server, {
    path: SOCKET_PATH,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: 1e6,
    allowRequest: (req, callback) => {
      if (!hostPolicy.allows(req.headers.host)) return callback('Misdirected Request', false);
      callback(isSameOrigin(req) ? null : 'Forbidden', isSameOrigin(req));
    },
  });
  const offs = [
    engine.bus.on('app:status', (event) => io.emit('app:status', event)),
    engine.bus.on('download:progress', (event) => io.emit('download:progress', event)),
  ];
  io.on('connection', (socket) => {
    socket.emit('hello', { version: engine.systemInfo().version });
  });
  engine.own(() => offs.forEach((off) => off()));
  return io;
}
