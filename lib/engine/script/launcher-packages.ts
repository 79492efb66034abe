// Packages a launcher's own code may require without installing them, as on Pinokio, where launcher modules run
// inside pinokiod and find its dependencies. Hangar offers the ones real launchers use through `<home>/node_modules`,
// which Node's lookup reaches from every launcher under `<home>/api/`: each is a one-line module that loads Hangar's
// installed copy by its absolute path, so the package's own dependencies resolve where they are installed (a link
// would not do: a loader that keeps symlinked paths, such as a test runner's, looks for them beside the link).
import { createRequire } from 'node:module';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Bare specifiers launchers require from pinokiod's dependencies (text-generation-webui: decompress, cross-fetch). */
export const LAUNCHER_PACKAGES = ['decompress', 'cross-fetch'] as const;

const requireHere = createRequire(__filename);

/** Writes `<home>/node_modules/<name>/index.js` for each launcher package; an outdated one is replaced. */
export async function offerLauncherPackages(homeRoot: string): Promise<void> {
  for (const name of LAUNCHER_PACKAGES) {
    const entry = requireHere.resolve(name);
    const dir = path.join(homeRoot, 'node_modules', name);
    const file = path.join(dir, 'index.js');
    const text = `// Offered by Hangar to launcher code, as Pinokio does.\nmodule.exports = require(${JSON.stringify(entry)});\n`;
    if ((await readFile(file, 'utf8').catch(() => null)) === text) continue;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(file, text);
  }
}
