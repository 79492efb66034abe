// Finds out once per browser whether it resolves `<name>.localhost` (Chromium and Firefox do, RFC 6761), and keeps the
// answer in a cookie Hangar reads when it sends the browser to an app: its subdomain, or else its own port.
import { ORIGIN_PREFERENCE_COOKIE, ORIGIN_PROBE_PATH } from '../shared/app-origin';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

export async function probeAppOrigins(): Promise<void> {
  const { protocol, hostname, port } = window.location;
  if (!LOOPBACK.test(hostname) || document.cookie.includes(`${ORIGIN_PREFERENCE_COOKIE}=`)) return;
  let answer: 'subdomain' | 'port';
  try {
    // An opaque answer is enough: a browser that cannot resolve the name fails the fetch itself.
    await fetch(
      `${protocol}//origin-probe.localhost${port ? `:${port}` : ''}${ORIGIN_PROBE_PATH}`,
      { mode: 'no-cors', cache: 'no-store', credentials: 'omit' },
    );
    answer = 'subdomain';
  } catch {
    // The name did not resolve (or the request failed): apps then get their own ports.
    answer = 'port';
  }
  document.cookie = `${ORIGIN_PREFERENCE_COOKIE}=${answer}; Path=/; Max-Age=${30 * 86400}; SameSite=Lax`;
}
