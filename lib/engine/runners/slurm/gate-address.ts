// Reads where a job's gate listens (node-gate.ts): the secret Hangar wrote and the port the gate wrote once up.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GateAddress } from '../../../http/app-dial';
import { GATE_FILES } from './node-gate';

/** A job's gate, or `ungated` for a job whose folder has no secret (submitted before gates existed). */
export type NodeGate = { ungated: false; address: GateAddress } | { ungated: true };

/** The gate of the job whose folder is `dir`; null until the gate has written its port. */
export async function readGate(dir: string): Promise<NodeGate | null> {
  const token = await readFile(path.join(dir, GATE_FILES.token), 'utf8').catch(missing);
  if (token === null) return { ungated: true };
  const port = Number(
    (await readFile(path.join(dir, GATE_FILES.port), 'utf8').catch(missing)) ?? '',
  );
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { ungated: false, address: { port, token: token.trim() } };
}

/** A file that is not there (yet) reads as null; any other failure is thrown. */
function missing(error: NodeJS.ErrnoException): null {
  if (error.code === 'ENOENT') return null;
  throw error;
}
