import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { fingerprintOf, rawPublicKey } from '../log/keys';
import { SALT_BYTES, checkParams, scryptBytes, type ScryptParams } from './password';

/**
 * An extra layer around the sealed private key, e.g. Electron's safeStorage
 * (bound to the OS user). Both directions must be exact inverses.
 */
export interface KeyWrap {
  seal(bytes: Uint8Array): Uint8Array;
  open(bytes: Uint8Array): Uint8Array;
}

export const IDENTITY_WRAP: KeyWrap = { seal: (b) => b, open: (b) => b };

/** The AES-256-GCM envelope of an account's private key, as JSON (base64 fields). */
interface Envelope extends ScryptParams {
  v: 1;
  kdf: 'scrypt';
  salt: string;
  iv: string;
  tag: string;
  ct: string;
}

export interface NewAccountKey {
  privateKey: KeyObject;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /** SHA-256 (hex) of the raw public key, as the log names keys. */
  fingerprint: string;
}

export function newAccountKey(): NewAccountKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey).toString('base64');
  return { privateKey, publicKey: raw, fingerprint: fingerprintOf(raw) };
}

/** The sealed key is bound to its account's key fingerprint: it cannot be moved to another row. */
function aad(fingerprint: string): Buffer {
  return Buffer.from(`mishen.account-key.v1:${fingerprint}`, 'utf8');
}

/**
 * Encrypts the private key (PKCS#8 DER) with AES-256-GCM under a key that
 * scrypt derives from the password and a fresh salt, then applies `wrap`.
 */
export function sealPrivateKey(
  privateKey: KeyObject,
  password: string,
  fingerprint: string,
  params: ScryptParams,
  wrap: KeyWrap,
): Buffer {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(12);
  const kek = scryptBytes(password, salt, 32, params);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    const cipher = createCipheriv('aes-256-gcm', kek, iv);
    cipher.setAAD(aad(fingerprint));
    const ct = Buffer.concat([cipher.update(der), cipher.final()]);
    const envelope: Envelope = {
      v: 1,
      kdf: 'scrypt',
      N: params.N,
      r: params.r,
      p: params.p,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
    const json = Buffer.from(JSON.stringify(envelope), 'utf8');
    return wrap === IDENTITY_WRAP ? json : Buffer.concat([WRAPPED, Buffer.from(wrap.seal(json))]);
  } finally {
    der.fill(0);
    kek.fill(0);
  }
}

function damaged(): AppError {
  return new AppError(
    'refused',
    '账户签名密钥未通过完整性校验（可能被篡改或已损坏），无法登录；请联系管理员',
    "the account's signing key failed its integrity check (tampered with or corrupt); sign-in is not possible",
  );
}

function parseEnvelope(bytes: Uint8Array): Envelope {
  let value: Partial<Envelope>;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<Envelope>;
  } catch {
    throw damaged();
  }
  const fields = [value.salt, value.iv, value.tag, value.ct];
  if (value.v !== 1 || value.kdf !== 'scrypt' || fields.some((f) => typeof f !== 'string')) throw damaged();
  try {
    checkParams(value as ScryptParams);
  } catch {
    throw damaged();
  }
  return value as Envelope;
}

/** The stored scrypt cost of a sealed key (to tell whether it should be re-sealed). */
export function sealedParams(sealed: Uint8Array, wrap: KeyWrap): ScryptParams {
  const { N, r, p } = parseEnvelope(openWrap(sealed, wrap));
  return { N, r, p };
}

/** First byte of a key sealed with the app's wrap; a key sealed without one is the JSON envelope itself (`{`). */
const WRAPPED = Buffer.from([0x57]);

/**
 * The envelope inside a stored key. One sealed without a wrap opens
 * anywhere; one sealed with the app's wrap (Electron's safeStorage: the OS
 * key store of this user on this machine) opens only where that wrap is
 * available, so the headless CLI, which has none, says so instead of
 * calling the key damaged. Anything else is damage.
 */
function openWrap(sealed: Uint8Array, wrap: KeyWrap): Uint8Array {
  if (sealed[0] === 0x7b) return sealed;
  if (sealed[0] !== WRAPPED[0]) throw damaged();
  if (wrap === IDENTITY_WRAP) {
    throw new AppError(
      'refused',
      '该账户的签名密钥受本机系统密钥库保护，只能在本机应用中使用；命令行请使用在命令行中创建的账户',
      "this account's signing key is protected by the system key store and can only be used in the app; use an account created on the command line",
    );
  }
  try {
    return wrap.open(sealed.subarray(1));
  } catch {
    throw damaged();
  }
}

/**
 * Decrypts a sealed private key and checks that it belongs to the stored
 * public key. Any mismatch (wrong password, changed byte, another account's
 * key) fails the GCM tag or the key comparison and is refused as damage.
 */
export function openPrivateKey(sealed: Uint8Array, password: string, publicKey: string, fingerprint: string, wrap: KeyWrap): KeyObject {
  const envelope = parseEnvelope(openWrap(sealed, wrap));
  const kek = scryptBytes(password, Buffer.from(envelope.salt, 'base64'), 32, envelope);
  let der: Buffer | undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(envelope.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(aad(fingerprint));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    der = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    if (privateKey.asymmetricKeyType !== 'ed25519') throw damaged();
    if (rawPublicKey(createPublicKey(privateKey)).toString('base64') !== publicKey) throw damaged();
    return privateKey;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw damaged();
  } finally {
    der?.fill(0);
    kek.fill(0);
  }
}
