import type { Protocol } from 'electron';
import { APP_SCHEME, resolveAppAsset } from '../node/protocol/app-assets';

/** Must run before `app.ready`: the app scheme is standard and secure, so it gets an origin and `'self'`. */
export function registerAppSchemePrivileges(p: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  p.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Web schemes answered locally with 403 in packaged builds, so no request can reach the network layer. */
export const DISABLED_SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp'] as const;

/** Serves the built renderer under `app://mishen/` with the CSP header; switches web schemes off when packaged. */
export function handleAppProtocol(p: Pick<Protocol, 'handle'>, rendererDir: string, packaged: boolean): void {
  p.handle(APP_SCHEME, (request) => {
    const res = resolveAppAsset(rendererDir, request.url);
    return new Response(res.body, { status: res.status, headers: res.headers });
  });
  if (packaged) {
    for (const scheme of DISABLED_SCHEMES) p.handle(scheme, () => new Response('network access is disabled', { status: 403 }));
  }
}
