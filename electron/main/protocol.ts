import { protocol, type Protocol } from 'electron';
import { APP_SCHEME, resolveAppAsset } from '../node/protocol/app-assets';

/** Must run before `app.ready`: the app scheme is standard and secure, so it gets an origin and `'self'`. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer under `app://mishen/` with the CSP header; switches web schemes off when packaged. */
export function handleAppProtocol(p: Protocol, rendererDir: string, packaged: boolean): void {
  p.handle(APP_SCHEME, (request) => {
    const res = resolveAppAsset(rendererDir, request.url);
    return new Response(res.body, { status: res.status, headers: res.headers });
  });
  if (packaged) {
    for (const scheme of ['http', 'https', 'ws', 'wss', 'ftp']) {
      p.handle(scheme, () => new Response('network access is disabled', { status: 403 }));
    }
  }
}
