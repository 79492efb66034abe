// `npm start` / `hangar serve`: build when needed, then run the bundled production server in this process.
import { pathToFileURL } from 'node:url';
import { ensureBuilt, SERVER_BUNDLE } from './build.mjs';

process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
await ensureBuilt();
await import(pathToFileURL(SERVER_BUNDLE).href);
