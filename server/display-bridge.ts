// The live view's door: a WebSocket on Hangar's origin (admitted by upgrade.ts like every upgrade) piped to an
// x11vnc that serves the app's virtual display to this one viewer and ends with it.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorMessage, openViewer, type DisplayViewer, type Engine } from '../lib/engine';
import { appOfDisplayPath } from '../lib/shared/display';
import { pathOf } from './security/admission';

/** Frames waiting for a slow browser before x11vnc is paused (bytes). */
const HIGH_WATER = 4 * 1024 * 1024;

export interface DisplayBridge {
  /** Takes a display path's upgrade (already admitted); false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export function createDisplayBridge(
  engine: Pick<Engine, 'displays' | 'supervisor'>,
): DisplayBridge {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const viewers = new Set<DisplayViewer>();

  async function open(app: string, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const [display] = await engine.displays.list(app);
    if (!display) return refuse(socket, 404, `${app} has no virtual display running`);
    let viewer: DisplayViewer;
    try {
      viewer = await openViewer(display.number, engine.supervisor.ownerEnv);
    } catch (error) {
      return refuse(socket, 503, errorMessage(error));
    }
    viewers.add(viewer);
    const end = (): void => {
      viewers.delete(viewer);
      void viewer.stop();
    };
    if (socket.destroyed) return end();
    wss.handleUpgrade(req, socket, head, (ws) => pipe(ws, viewer, end));
  }

  return {
    handleUpgrade(req, socket, head) {
      const app = appOfDisplayPath(pathOf(req.url));
      if (app === null) return false;
      open(app, req, socket, head).catch((error: unknown) =>
        refuse(socket, 500, errorMessage(error)),
      );
      return true;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await Promise.all([...viewers].map((v) => v.stop()));
      viewers.clear();
      wss.close();
    },
  };
}

function pipe(ws: WebSocket, viewer: DisplayViewer, end: () => void): void {
  const { socket } = viewer;
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => socket.write(data));
  socket.on('data', (chunk: Buffer) => {
    ws.send(chunk, () => {
      if (socket.isPaused() && ws.bufferedAmount < HIGH_WATER / 4) socket.resume();
    });
    if (ws.bufferedAmount > HIGH_WATER) socket.pause();
  });
  socket.on('close', () => ws.close(1000, 'the display ended'));
  socket.on('error', () => ws.close(1011, 'the VNC server failed'));
  ws.on('close', end);
  ws.on('error', end);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${reason.replace(/[\r\n]/g, ' ')}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  socket.destroy();
}
