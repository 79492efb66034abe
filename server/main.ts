// Entry point of `hangar serve`: parse configuration, start the server, print the URL, shut down on signals.
import { spawn } from 'node:child_process';
import { ConfigError, parseServerConfig } from './config';
import { startHangar } from './hangar-server';
import { networkUrls } from './security/network-urls';

/** Beyond the apps' stop grace (SIGTERM, grace, SIGKILL of every tree), what closing the rest may take. */
const SHUTDOWN_MARGIN_MS = 15_000;

export async function serve(argv: string[], projectDir: string): Promise<void> {
  let config;
  try {
    config = parseServerConfig(argv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`hangar: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  let hangar;
  try {
    hangar = await startHangar(config, { ui: true, dir: projectDir });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      console.error(
        `hangar: port ${config.port} on ${config.host} is already in use (choose another with --port)`,
      );
    else console.error(`hangar: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`Hangar ${config.dev ? '(dev) ' : ''}is running at ${hangar.url}/`);
  console.log(`Home: ${config.home}`);
  if (hangar.authRequired) {
    for (const url of networkUrls(config.host, hangar.url))
      console.log(`  on your network: ${url}/`);
    console.log('Login is required (Hangar is reachable beyond this machine).');
    if (config.token)
      console.log(
        '  Log in with your HANGAR_TOKEN or password, or send Authorization: Bearer $HANGAR_TOKEN.',
      );
    else
      console.log(
        `  Open this login URL once (it holds this start's token; keep it private):\n  ${hangar.loginUrl}`,
      );
    if (!(await hangar.gate.passwords.isSet()))
      console.log(
        '  No password is set yet: after logging in, set one at /_hangar/password (or start with HANGAR_PASSWORD).',
      );
  }
  if (config.open && !config.headless)
    openBrowser(hangar.authRequired ? hangar.loginUrl : `${hangar.url}/`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`hangar: ${signal} received, shutting down`);
    // Derived from the grace, never shorter: an app that ignores SIGTERM is killed before Hangar gives up.
    const deadline = setTimeout(() => {
      console.error('hangar: shutdown took too long, exiting');
      process.exit(1);
    }, hangar.engine.settings.value.stopTimeoutMs + SHUTDOWN_MARGIN_MS);
    deadline.unref();
    hangar.close().then(
      () => process.exit(0),
      (error) => {
        console.error('hangar: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () =>
    console.log(`hangar: could not open a browser (${opener} missing); open ${url} yourself`),
  );
  child.unref();
}
