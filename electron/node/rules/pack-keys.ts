import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { packSignedText, type RulePack } from '../../../shared/rules/pack';
import { fingerprintOf, publicKeyFromRaw, rawPublicKey } from '../log/keys';

/** An Ed25519 public key as packs and the trusted-key table carry it. */
export interface PackPublicKey {
  /** SHA-256 (hex) of the raw key: the same fingerprint the review log names keys by. */
  fingerprint: string;
  /** SPKI PEM, as node:crypto writes it. */
  publicKeyPem: string;
}

function notAKey(): AppError {
  return new AppError('bad_input', '不是有效的 Ed25519 公钥（须为 PEM 格式的 SPKI 公钥，以 -----BEGIN PUBLIC KEY----- 开头）', 'not an Ed25519 public key (an SPKI PEM, -----BEGIN PUBLIC KEY-----)');
}

/**
 * Reads exactly one SPKI PEM Ed25519 public key. A private key is refused
 * outright (node:crypto would quietly derive its public half), and the
 * fingerprint is always computed here, never taken from whoever offers the key.
 */
export function parsePublicKeyPem(pem: string): PackPublicKey {
  if (/PRIVATE KEY/.test(pem)) {
    throw new AppError('bad_input', '这是私钥，切勿外传；请提供对应的公钥（-----BEGIN PUBLIC KEY-----）', 'this is a private key; never hand it out — give the public key instead');
  }
  if ((pem.match(/-----BEGIN PUBLIC KEY-----/g) ?? []).length !== 1) throw notAKey();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw notAKey();
  }
  if (key.asymmetricKeyType !== 'ed25519') throw notAKey();
  return keyOf(rawPublicKey(key).toString('base64'));
}

/** The pack form of a raw (base64) Ed25519 public key. */
export function keyOf(rawB64: string): PackPublicKey {
  const publicKeyPem = publicKeyFromRaw(rawB64).export({ type: 'spki', format: 'pem' }).toString();
  return { fingerprint: fingerprintOf(rawB64), publicKeyPem };
}

/**
 * True when the pack's signature verifies under its embedded key and that
 * key has the fingerprint the pack names. Whether the key is trusted is
 * another question (TrustedKeys).
 */
export function packSignatureValid(pack: RulePack): boolean {
  try {
    const key = parsePublicKeyPem(pack.signer.publicKeyPem);
    if (key.fingerprint !== pack.signer.fingerprint) return false;
    return verify(null, Buffer.from(packSignedText(pack), 'utf8'), createPublicKey(key.publicKeyPem), Buffer.from(pack.signature, 'base64'));
  } catch {
    return false;
  }
}
