// The owner's password as a scrypt hash in <home>/auth/password.json (mode 0600); the clear text is never stored.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { EngineError } from '../errors';
import { ensureAuthDir, type AuthFiles } from './auth-files';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
const KEY_LENGTH = 64;
/** N=2^15, r=8 (32 MiB, about 0.1 s): expensive for a guesser, fine for a login rate-limited to 2 a minute. */
const DEFAULT_PARAMS = { N: 2 ** 15, r: 8, p: 1 };

const hashFileSchema = z.object({
  algorithm: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 10)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().min(16),
  hash: z.string().min(16),
  updatedAt: z.string(),
});

type HashFile = z.infer<typeof hashFileSchema>;

export interface PasswordStore {
  isSet(): Promise<boolean>;
  /** Hashes and stores a new password (replacing the old one). */
  set(password: string): Promise<void>;
  /** True when the password matches the stored hash; false when none is set. */
  verify(password: string): Promise<boolean>;
}

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new EngineError(
      'invalid_params',
      `The password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new EngineError(
      'invalid_params',
      `The password may have at most ${MAX_PASSWORD_LENGTH} characters`,
    );
}

export function createPasswordStore(files: AuthFiles, params = DEFAULT_PARAMS): PasswordStore {
  async function load(): Promise<HashFile | null> {
    let text: string;
    try {
      text = await readFile(files.password, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = hashFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new EngineError(
        'config_invalid',
        `${files.password} is not a Hangar password hash; remove it and set the password again`,
        { details: { file: files.password } },
      );
    }
    return parsed.data;
  }
  return {
    async isSet() {
      return (await load()) !== null;
    },
    async set(password) {
      validatePassword(password);
      const salt = randomBytes(16);
      const hash = await derive(password, salt, params);
      const record: HashFile = {
        algorithm: 'scrypt',
        ...params,
        salt: salt.toString('base64'),
        hash: hash.toString('base64'),
        updatedAt: new Date().toISOString(),
      };
      await ensureAuthDir(files);
      const tmp = `${files.password}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, files.password);
    },
    async verify(password) {
      const record = await load();
      if (!record || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
      const expected = Buffer.from(record.hash, 'base64');
      const actual = await derive(password, Buffer.from(record.salt, 'base64'), record);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
