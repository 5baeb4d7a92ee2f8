import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of every page, and the inline scripts it allows. The scripts live
 * here as text so the policy hashes exactly what Base.astro emits: nothing is hand-copied, and
 * editing a script changes its hash with it. The policy is a `<meta http-equiv>` so it holds on
 * hosts that cannot set headers (GitHub Pages); `frame-ancestors` is ignored in a meta element
 * and belongs in a server header (see the README's hosting notes).
 */

/** In the head, before first paint, so a chosen theme never flashes the other one. */
export const THEME_SCRIPT = `document.documentElement.classList.add('js');
try { const t = localStorage.getItem('theme'); if (t) document.documentElement.dataset.theme = t; } catch {}`;

/**
 * At the end of the body: the theme toggle, and the header search box, which navigates to the
 * search page itself because the policy's `form-action 'none'` submits no form. Search needs
 * script anyway (Pagefind runs in the browser); without script the box is hidden (global.css).
 */
export const PAGE_SCRIPT = `(() => {
  const button = document.querySelector('.theme-toggle');
  const root = document.documentElement;
  const dark = () => (root.dataset.theme ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) === 'dark';
  const show = () => { button.setAttribute('aria-pressed', String(dark())); };
  button.hidden = false;
  show();
  button.addEventListener('click', () => {
    root.dataset.theme = dark() ? 'light' : 'dark';
    try { localStorage.setItem('theme', root.dataset.theme); } catch {}
    show();
  });
  const search = document.querySelector('.site-search');
  if (search) search.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(search.action + '?' + new URLSearchParams(new FormData(search)));
  });
})();`;

/** A CSP source allowing one inline script or style by its SHA-256 hash. */
export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The policy: everything from the site itself; scripts only from files or by hash, plus
 * WebAssembly compilation for Pagefind (`'wasm-unsafe-eval'`, which allows no JavaScript
 * eval); no inline styles or style attributes; images also from https (a <Figure> may show
 * one); no plugins, no `<base>`, no form submission.
 */
export function contentSecurityPolicy(inlineScripts: readonly string[] = [THEME_SCRIPT, PAGE_SCRIPT]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineScripts.map(sha256Source).join(' ')}`,
    "style-src 'self'",
    "img-src 'self' https:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** What a link click tells other sites: the origin only, and nothing when leaving https. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
