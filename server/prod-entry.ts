// Entry of the production server bundle (.hangar-build/server.mjs): serve with the given flags.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './main';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
void serve(process.argv.slice(2), projectDir);
