// fs.link / fs.share: Pinokio's drive folders (`drive`, `peers`), backed by Hangar's drive; `venv` is kept as is.
import path from 'node:path';
import { gitRemoteUrl, linkRoutes } from '../../drive';
import { EngineError } from '../../errors';
import type { StepMethod } from '../types';
import { asObject, stringList } from './params';

export const fsLink: StepMethod = async (params, ctx, request) => {
  const p = asObject(request.method, params);
  if (p.venv !== undefined && p.drive === undefined) {
    // Pinokio shares site-packages only for Python 3.10 venvs and passes otherwise; Hangar keeps every venv whole.
    ctx.log(
      `${request.method} venv: ${String(p.venv)} stays a private environment (package sharing is not used)\r\n`,
      'info',
    );
    return { venv: p.venv, shared: false };
  }
  const drive = p.drive;
  if (drive === null || typeof drive !== 'object' || Array.isArray(drive)) {
    throw new EngineError(
      'invalid_params',
      `${request.method} needs "drive": { route: path or [paths] } or "venv"`,
    );
  }
  const routes: Record<string, string[]> = {};
  for (const [route, value] of Object.entries(drive as Record<string, unknown>)) {
    const rels = stringList(request.method, `drive.${route}`, value);
    for (const rel of rels) {
      if (!path.isAbsolute(rel) && !rel.startsWith('.'))
        ctx.resolvePath(rel, { param: `drive.${route}`, allowDrive: true });
    }
    routes[route] = rels;
  }
  const selfUrl =
    (await gitRemoteUrl(ctx.appDir)) ?? `hangar:app/${ctx.app ?? path.basename(ctx.appDir)}`;
  const linked = await linkRoutes({
    driveRoot: ctx.home.drive,
    appDir: ctx.appDir,
    baseDir: ctx.cwd,
    selfUrl,
    drive: routes,
    peers: stringList(request.method, 'peers', p.peers),
  });
  for (const route of linked) {
    for (const link of route.links)
      ctx.log(
        `${path.relative(ctx.appDir, link)} → drive ${path.relative(ctx.home.drive, route.drivePath)}\r\n`,
        'info',
      );
    for (const kept of route.conflicts)
      ctx.log(`kept ${kept} (a file with that name was already in the drive)\r\n`, 'info');
  }
  return {
    routes: linked.map((r) => ({ route: r.route, drivePath: r.drivePath, links: r.links })),
  };
};
