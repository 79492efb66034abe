// Entry of `npm run dev`: the same custom server with Next in development mode (hot reload).
import { serve } from './main';

void serve(['--dev', ...process.argv.slice(2)], process.cwd());
