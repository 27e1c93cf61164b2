import { readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** The app's own scheme and host: the renderer is served from `app://mishen/`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mishen';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Production Content-Security-Policy, sent as a response header with every
 * page. Pinned by a test: loosening it must be a visible change.
 */
export const PRODUCTION_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface AssetResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * Answers a request for the app's own origin from the built renderer folder.
 * Anything else, and any path that would leave the folder, is refused.
 */
export function resolveAppAsset(rendererDir: string, url: string): AssetResponse {
  const headers: Record<string, string> = {
    'Content-Security-Policy': PRODUCTION_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400, headers, body: null };
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return { status: 403, headers, body: null };
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname);
  } catch {
    return { status: 400, headers, body: null };
  }
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, rel));
  if (!file.startsWith(root) || rel.includes('\0')) return { status: 403, headers, body: null };
  try {
    const body = readFileSync(file);
    return { status: 200, headers: { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }, body };
  } catch {
    return { status: 404, headers, body: null };
  }
}
