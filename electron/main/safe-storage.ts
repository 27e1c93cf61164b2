import { safeStorage } from 'electron';
import type { KeyWrap } from '../node/accounts/key-vault';

/**
 * Electron's safeStorage (DPAPI on Windows, the keychain on macOS, the
 * secret service on Linux) as an extra seal around the account keys the app
 * creates: a copy of the data folder on another machine or user account
 * cannot even try passwords against them. Not used where safeStorage would
 * only obfuscate (Linux without a key store: the `basic_text` backend).
 */
export function safeStorageWrap(): KeyWrap | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    seal: (bytes) => new Uint8Array(safeStorage.encryptString(Buffer.from(bytes).toString('base64'))),
    open: (bytes) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(bytes)), 'base64')),
  };
}
