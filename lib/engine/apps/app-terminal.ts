// Opens a terminal in an app's folder (activating its venv when present) or in the Hangar home.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../errors';
import type { HomeLayout } from '../home';
import { resolveInside } from '../script/safe-path';
import type { TerminalManager } from '../terminals';

export interface AppTerminalRequest {
  app?: string;
  cwd?: string;
  venv?: string;
  cols: number;
  rows: number;
  title?: string;
}

const VENV_CANDIDATES = ['env', 'venv', '.venv', 'app/env', 'app/venv', 'app/.venv'];

export function openAppTerminal(
  terminals: TerminalManager,
  home: HomeLayout,
  request: AppTerminalRequest,
): { id: string } {
  const root = request.app ? path.join(home.api, request.app) : home.root;
  if (request.app && !existsSync(root))
    throw new EngineError('app_not_found', `no app named ${request.app}`, {
      details: { name: request.app },
    });
  const cwd = request.cwd
    ? resolveInside(request.cwd, { base: root, allowed: [root], param: 'cwd' })
    : root;
  let venv = request.venv
    ? resolveInside(request.venv, { base: root, allowed: [root], param: 'venv' })
    : undefined;
  if (!venv && request.app) {
    const found = VENV_CANDIDATES.map((c) => path.join(root, c)).find((dir) =>
      existsSync(path.join(dir, 'bin', 'activate')),
    );
    venv = found;
  }
  return terminals.open({
    cwd,
    venv,
    cols: request.cols,
    rows: request.rows,
    title: request.title ?? (request.app ? `${request.app} terminal` : 'Terminal'),
  });
}
