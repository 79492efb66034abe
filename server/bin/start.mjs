// `npm start` / `hangar serve`: build when needed, then run the bundled production server in this process.
import { createRequire } from 'node:module';
import { ensureBuilt, projectDir, SERVER_BUNDLE } from './build.mjs';

process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
await ensureBuilt();
const { serve } = createRequire(import.meta.url)(SERVER_BUNDLE);
await serve(process.argv.slice(2), projectDir);
