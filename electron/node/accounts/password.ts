import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors';

/** scrypt cost. Stored with every hash and sealed key, so it can be raised later. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8, p = 1: about 32 MiB and 100 ms per derivation. */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

export const SALT_BYTES = 16;
export const HASH_BYTES = 32;
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

/** What `password_params` holds (JSON). */
export interface StoredPasswordParams extends ScryptParams {
  alg: 'scrypt';
  /** Base64, 16 bytes. */
  salt: string;
  /** Length of the derived hash in bytes. */
  len: number;
  /** Unicode normalisation applied before hashing. */
  norm: 'NFKC';
}

/**
 * Passwords are NFKC-normalised before hashing: a full-width “Ａｂｃ１” typed
 * while the input method is in 全角 mode is the same password as “Abc1”.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Refuses parameters that are malformed or so large that reading them would exhaust the machine. */
export function checkParams(params: ScryptParams): ScryptParams {
  const { N, r, p } = params;
  const ok =
    Number.isInteger(N) && N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= 32 &&
    Number.isInteger(p) && p >= 1 && p <= 16;
  if (!ok) throw new AppError('internal', '账户数据中的口令参数无效', 'invalid scrypt parameters in the account data');
  return { N, r, p };
}

/** scrypt with enough `maxmem` for the parameters (Node's 32 MiB default is just too small for N = 2^15, r = 8). */
export function scryptBytes(password: string, salt: Uint8Array, length: number, params: ScryptParams): Buffer {
  const { N, r, p } = checkParams(params);
  return scryptSync(normalizePassword(password), salt, length, { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 });
}

export function hashPassword(password: string, params: ScryptParams): { hash: string; params: string } {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptBytes(password, salt, HASH_BYTES, params);
  const stored: StoredPasswordParams = {
    alg: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString('base64'),
    len: HASH_BYTES,
    norm: 'NFKC',
  };
  return { hash: hash.toString('base64'), params: JSON.stringify(stored) };
}

export function parsePasswordParams(json: string): StoredPasswordParams {
  let value: Partial<StoredPasswordParams>;
  try {
    value = JSON.parse(json) as Partial<StoredPasswordParams>;
  } catch {
    value = {};
  }
  if (value.alg !== 'scrypt' || typeof value.salt !== 'string' || value.len !== HASH_BYTES || value.norm !== 'NFKC') {
    throw new AppError('internal', '账户数据中的口令参数无效', 'invalid password parameters in the account data');
  }
  checkParams(value as ScryptParams);
  return value as StoredPasswordParams;
}

/** Derives with the stored parameters and compares in constant time. */
export function verifyPassword(password: string, hashB64: string, paramsJson: string): boolean {
  const params = parsePasswordParams(paramsJson);
  const expected = Buffer.from(hashB64, 'base64');
  const actual = scryptBytes(password, Buffer.from(params.salt, 'base64'), params.len, params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** True when the stored hash is weaker than what this installation now asks for. */
export function isWeaker(stored: ScryptParams, wanted: ScryptParams): boolean {
  return stored.N < wanted.N || stored.r < wanted.r || stored.p < wanted.p;
}

/**
 * At least 10 characters (Unicode code points, after normalisation), at most
 * 1024, and not the user name or display name in another case.
 */
export function checkPasswordPolicy(password: string, name: string, displayName?: string): void {
  const normal = normalizePassword(password);
  const length = [...normal].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'invalid_request',
      `口令至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
      `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new AppError('invalid_request', `口令不能超过 ${MAX_PASSWORD_LENGTH} 个字符`, `the password may have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  const folded = normal.trim().toLowerCase();
  const same = [name, displayName].some((n) => n !== undefined && n.normalize('NFKC').trim().toLowerCase() === folded);
  if (same) throw new AppError('invalid_request', '口令不能与用户名相同', 'the password may not be the user name');
}
