// The one redaction module, against every kind of secret Hangar knows: HF token, password, bearer, session, URL userinfo.
import { describe, expect, it } from 'vitest';
import {
  environmentValues,
  isSecretKey,
  REDACTED,
  redactEnvironment,
  redactText,
  redactValue,
} from '../../../../lib/engine/audit/redact';

const HF = 'hf_PlantedToken0123456789abcdefXYZ';
const PASSWORD = 'correct-horse-battery-staple';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.planted.signature';
const SESSION = 'a1b2c3d4e5f6a7b8c9d0e1f2';
const URL_PASS = 'urlPlantedPass99';

const leaks = (text: string): string[] =>
  [HF, PASSWORD, BEARER, SESSION, URL_PASS].filter((secret) => text.includes(secret));

describe('redactText', () => {
  it.each([
    ['an HF token in output', `Downloading with token ${HF} from huggingface.co`],
    ['an HF token assigned', `HF_TOKEN=${HF}`],
    ['a password flag', `python serve.py --password ${PASSWORD} --port 7860`],
    ['a password assignment', `password: "${PASSWORD}"`],
    ['a registered password literal', `login ok for ${PASSWORD}`, [PASSWORD]],
    ['an Authorization header', `Authorization: Bearer ${BEARER}`],
    ['a bearer token in a command', `curl -H "authorization: bearer ${BEARER}" http://x`],
    ['a session cookie header', `Cookie: hangar_session=${SESSION}; theme=dark`],
    ['a Set-Cookie header', `Set-Cookie: hangar_session=${SESSION}; HttpOnly; Path=/`],
    ['a session assignment', `session=${SESSION}`],
    ['URL userinfo', `git clone https://user:${URL_PASS}@github.com/org/repo`],
  ])('removes %s', (_name, text, literals: string[] = []) => {
    const out = redactText(text, literals);
    expect(leaks(out)).toEqual([]);
    expect(out).toContain(REDACTED);
  });

  it('keeps the scheme and host of a URL with userinfo', () => {
    expect(redactText(`https://user:${URL_PASS}@host.example/path`)).toBe(
      `https://${REDACTED}@host.example/path`,
    );
  });

  it('keeps ordinary output readable', () => {
    const text =
      'Downloading model.safetensors (2.1 GB)\nRunning on local URL:  http://127.0.0.1:7860\nauthor: someone';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('replaces values under secret keys, collects them, and redacts strings elsewhere', () => {
    const found: string[] = [];
    const out = redactValue(
      {
        hfToken: HF,
        password: PASSWORD,
        headers: { authorization: `Bearer ${BEARER}`, cookie: `hangar_session=${SESSION}` },
        session: SESSION,
        remote: `https://me:${URL_PASS}@example.com`,
        author: 'someone',
        enabled: true,
        stopTimeoutMs: 5000,
      },
      [],
      found,
    );
    expect(leaks(JSON.stringify(out))).toEqual([]);
    expect(out).toMatchObject({ author: 'someone', enabled: true, stopTimeoutMs: 5000 });
    expect(found).toEqual(expect.arrayContaining([HF, PASSWORD, SESSION]));
  });

  it('knows the secret key names', () => {
    for (const key of [
      'password',
      'passwd',
      'hfToken',
      'Authorization',
      'cookie',
      'sessionId',
      'apiKey',
    ])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of ['author', 'name', 'port']) expect(isSecretKey(key), key).toBe(false);
  });
});

describe('ENVIRONMENT files', () => {
  it('hides every value and lists the ones to search logs for', () => {
    const text = `# keys\nHF_TOKEN=${HF}\nADMIN_PASSWORD="${PASSWORD}"\nPORT=7860\nHF_HOME=./cache/HF_HOME\n`;
    expect(leaks(redactEnvironment(text))).toEqual([]);
    expect(redactEnvironment(text)).toContain('# keys');
    expect(environmentValues(text)).toEqual([HF, PASSWORD]);
  });
});
