// fs.link / fs.share: Pinokio's drive folders (`drive`, `peers`), backed by Hangar's drive; `venv` is kept as is.
import path from 'node:path';
import { z } from 'zod';
import { gitRemoteUrl, linkRoutes } from '../../drive';
import { defineStep } from '../descriptor';
import { asText, fields, stringOrList } from '../schemas';
import { listOf, optionalList } from './params';

const params = fields(
  {
    venv: z.unknown().optional(),
    drive: z
      .record(z.string(), stringOrList, { error: 'expected { route: path or [paths] }' })
      .optional(),
    peers: optionalList,
  },
  'expected {drive} or {venv}',
).refine((p) => p.drive !== undefined || p.venv !== undefined, {
  error: 'needs "drive": { route: path or [paths] } or "venv"',
});

export const fsLink = defineStep({
  summary: "links folders of the app into the home's shared drive",
  params,
  run: async (p, ctx, request) => {
    if (p.venv !== undefined && p.drive === undefined) {
      // Pinokio shares site-packages only for Python 3.10 venvs and passes otherwise; Hangar keeps every venv whole.
      ctx.log(
        `${request.method} venv: ${asText(p.venv)} stays a private environment (package sharing is not used)\r\n`,
        'info',
      );
      return { venv: p.venv, shared: false };
    }
    const routes: Record<string, string[]> = {};
    for (const [route, value] of Object.entries(p.drive!)) {
      const rels = listOf(value);
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
      peers: listOf(p.peers),
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
  },
});
