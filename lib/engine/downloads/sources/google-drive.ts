// Google Drive: turns share links into direct ones and follows the large-file confirmation page.

const DRIVE_HOSTS = new Set([
  'drive.google.com',
  'docs.google.com',
  'drive.usercontent.google.com',
]);

export function isGoogleDriveUrl(url: string): boolean {
  try {
    return DRIVE_HOSTS.has(new URL(url).hostname);
  } catch {
    // Not a URL at all: certainly not a Drive link.
    return false;
  }
}

/** `…/file/d/<id>/view`, `…/open?id=<id>`, `…/uc?id=<id>` → the direct download URL; others unchanged. */
export function googleDriveDirectUrl(url: string): string {
  if (!isGoogleDriveUrl(url)) return url;
  const u = new URL(url);
  const id = /\/file\/d\/([^/]+)/.exec(u.pathname)?.[1] ?? u.searchParams.get('id');
  if (!id) return url;
  return `https://drive.usercontent.google.com/download?id=${encodeURIComponent(id)}&export=download`;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decodeEntities(m[2] ?? m[3] ?? '') : undefined;
}

/**
 * The URL behind a Drive "can't scan this file for viruses" page: the `download-form` (current Drive)
 * or a `confirm=` link (older pages). Null when the HTML is not such a page.
 */
export function googleDriveConfirmUrl(html: string, pageUrl: string): string | null {
  const form = /<form\b[^>]*id\s*=\s*["']download-form["'][^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form) {
    const open = /<form\b[^>]*>/i.exec(form[0])![0];
    const action = attr(open, 'action') ?? pageUrl;
    const target = new URL(action, pageUrl);
    for (const input of form[1].match(/<input\b[^>]*>/gi) ?? []) {
      const name = attr(input, 'name');
      if (name) target.searchParams.set(name, attr(input, 'value') ?? '');
    }
    return target.href;
  }
  const link = /href\s*=\s*"([^"]*(?:[?&]|&amp;)confirm=[^"]*)"/i.exec(html);
  if (link) return new URL(decodeEntities(link[1]), pageUrl).href;
  return null;
}
