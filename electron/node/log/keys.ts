import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CryptoPort } from '../../../shared/log/verify';
import { sha256Hex } from '../storage/blob-store';
import { syncDir, writeDurably } from '../storage/pending-writes';

/** An Ed25519 key pair with its raw public key (base64) and fingerprint. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyRaw: string;
  fingerprint: string;
}

export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

export function fingerprintOf(rawB64: string): string {
  return sha256Hex(Buffer.from(rawB64, 'base64'));
}

function toSigningKey(privateKey: KeyObject): SigningKey {
  const raw = rawPublicKey(createPublicKey(privateKey)).toString('base64');
  return { privateKey, publicKeyRaw: raw, fingerprint: fingerprintOf(raw) };
}

/**
 * The installation key signs in single-operator mode. Created on first use
 * in `keys/installation.pem`, readable by this user only.
 */
export function loadOrCreateInstallationKey(dataDir: string): SigningKey {
  const path = join(dataDir, 'keys', 'installation.pem');
  if (existsSync(path)) return toSigningKey(createPrivateKey(readFileSync(path)));
  const { privateKey } = generateKeyPairSync('ed25519');
  // Written whole and flushed under a temporary name, then linked into place (refused if another process won the race):
  // a torn key file would leave the data folder unable to open.
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeDurably(tmp, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 0o600);
  try {
    linkSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  syncDir(dirname(path));
  return toSigningKey(privateKey);
}

export function signText(key: SigningKey, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
}

/** SPKI DER prefix of an Ed25519 public key (RFC 8410); the raw 32 bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(rawB64: string): KeyObject {
  const der = Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(rawB64, 'base64')]);
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

/** Parsed public keys by their base64 form: a log holds few keys and many signatures. */
const keyObjects = new Map<string, KeyObject>();

/** node:crypto behind the verifier's port. */
export const nodeCrypto: CryptoPort = {
  sha256Hex: (text) => sha256Hex(Buffer.from(text, 'utf8')),
  keyFingerprint: fingerprintOf,
  verifyEd25519(publicKey, text, signatureB64) {
    try {
      let key = keyObjects.get(publicKey);
      if (!key) keyObjects.set(publicKey, (key = publicKeyFromRaw(publicKey)));
      return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signatureB64, 'base64'));
    } catch {
      return false;
    }
  },
};
