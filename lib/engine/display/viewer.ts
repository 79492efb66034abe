// A VNC server (x11vnc) for one viewer of a virtual display, speaking RFB over a socket it shares with Hangar alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../errors';
import { killTree } from '../processes/kill-tree';
import { MARKER_ENV } from '../processes/spawn';
import { findExecutable } from '../tools/probe';

/** How to get x11vnc, for the dashboard's "enable the live view" note. */
export const VIEWER_INSTALL = 'apt-get install x11vnc';

export interface DisplayViewer {
  /** x11vnc's pid (its own session and group). */
  pid: number;
  /** The RFB stream: what the viewer sends goes in, the server's frames come out. */
  socket: net.Socket;
  /** Stops x11vnc (idempotent). */
  stop(): Promise<void>;
}

export async function viewerInstalled(): Promise<boolean> {
  return (await findExecutable('x11vnc', process.env.PATH ?? '')) !== null;
}

/**
 * Starts `x11vnc -inetd` on display `:number` with one end of a private unix socket as its stdin and stdout (inetd
 * mode: it serves that one connection and exits when it closes). Nothing listens: the viewer reaches it only
 * through the returned socket. `ownerEnv` marks it as this home's, so a restarted Hangar stops a leftover.
 */
export async function openViewer(
  number: number,
  ownerEnv: Record<string, string>,
): Promise<DisplayViewer> {
  const file = await findExecutable('x11vnc', process.env.PATH ?? '');
  if (!file)
    throw new EngineError(
      'missing_tool',
      `The live view of a virtual display needs x11vnc: install it (\`${VIEWER_INSTALL}\`).`,
      { details: { tool: 'x11vnc' } },
    );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-vnc-'));
  try {
    const [ours, theirs] = await socketPair(path.join(dir, 's'));
    const token = randomUUID();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...ownerEnv,
      [MARKER_ENV]: token,
    };
    const child: ChildProcess = spawn(
      file,
      ['-inetd', '-q', '-display', `:${number}`, '-nopw', '-norc', '-noxdamage'],
      {
        env: env as unknown as NodeJS.ProcessEnv,
        stdio: [theirs, theirs, 'ignore'],
        detached: true,
      },
    );
    // The child holds its own copy: ours must go, or its exit would not close the stream.
    theirs.destroy();
    child.on('error', () => ours.destroy());
    child.on('exit', () => ours.end());
    const pid = child.pid;
    if (pid === undefined) {
      ours.destroy();
      throw new EngineError('internal', `Could not start ${file}`);
    }
    let stopping: Promise<void> | null = null;
    return {
      pid,
      socket: ours,
      stop: () =>
        (stopping ??= (async () => {
          ours.destroy();
          await killTree(
            { pid, pgid: pid, sid: pid, marker: `${MARKER_ENV}=${token}` },
            { graceMs: 2000 },
          );
        })()),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Two connected stream sockets through a unix socket in a private folder (removed once they are connected). */
async function socketPair(file: string): Promise<[net.Socket, net.Socket]> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, resolve);
  });
  try {
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect(file);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    return [client, await accepted];
  } finally {
    server.close();
  }
}
