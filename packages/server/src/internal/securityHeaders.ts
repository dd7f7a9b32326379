/**
 * Headers for every response, and a Content-Security-Policy for the viewer's pages. The
 * player shows recorded pages in a same-origin iframe that inherits this policy: their images,
 * styles and fonts may come from anywhere, but no script other than the viewer's own runs.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export const VIEWER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "connect-src 'self'",
  'img-src * data: blob:',
  "style-src * 'unsafe-inline'",
  'font-src * data:',
  'media-src * data: blob:',
  "frame-src 'self' blob: data:",
].join('; ');
