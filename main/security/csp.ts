/**
 * The Content-Security-Policy sent with every renderer response, in Electron (session
 * onHeadersReceived + the app:// protocol) and by the web host. No remote or inline scripts;
 * connect-src is 'self' only (the Electron renderer talks to main over IPC, the web renderer to
 * its own loopback origin); no plugins, frames, forms or <base>.
 */
export function contentSecurityPolicy(opts: { dev?: boolean; devServer?: string } = {}): string {
  const connect = ["'self'"]
  const script = ["'self'"]
  const style = ["'self'"]
  if (opts.dev) {
    // Vite's dev server injects styles and talks over a websocket for hot reload; dev only.
    style.push("'unsafe-inline'")
    if (opts.devServer) {
      const u = new URL(opts.devServer)
      connect.push(u.origin, `ws://${u.host}`)
      script.push(u.origin)
    }
  }
  return [
    "default-src 'none'",
    `script-src ${script.join(' ')}`,
    `style-src ${style.join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
  ].join('; ')
}

/** Other headers every renderer response carries. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
}
