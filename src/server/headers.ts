// Security headers of every API response (/api/*, /healthz, /readyz). The answers are JSON, often with
// personal data: never sniffed as something else, never cached, never framed, never sent on as a
// referrer. The tab's pages have their own (tab-api.ts: a policy that lets Teams frame them).
import type { RequestHandler } from 'express';

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function apiSecurityHeaders(options: { readonly production: boolean }): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // Production runs behind HTTPS only (App Service httpsOnly); a local run is plain http.
    if (options.production) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}
