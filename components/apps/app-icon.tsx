'use client';
// An app's icon: its image (a URL, a catalog icon Hangar serves, or the installed launcher's own icon file), an
// emoji when a launcher names one, else a letter tile, which also stands in when the image fails to load.
import { useState } from 'react';
import { ICONS_PATH } from '@/lib/shared/app';

const EMOJI = /^\p{Extended_Pictographic}(?:\p{Extended_Pictographic}|\u200d|\ufe0f){0,6}$/u;
const URL_ICON = /^(https?:)?\/\//;
/** An image Hangar serves itself (the catalog's icons under public/catalog-icons/). */
const OWN_IMAGE = /^\/[a-z0-9][a-z0-9/._-]*\.(png|svg|webp)$/i;
/** Only names of image files are asked of the server (which checks the type itself); others get the letter tile. */
const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|ico|svg)$/i;

/** `app` is the installed app's name: a relative icon path is then loaded from Hangar. */
export function AppIcon({
  title,
  icon,
  app,
  size = 40,
}: {
  title: string;
  icon: string | null;
  app?: string;
  size?: number;
}) {
  // Which image failed to load: another one (another app in the same slot, a new icon URL) gets its own try.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const src =
    icon && (URL_ICON.test(icon) || OWN_IMAGE.test(icon))
      ? icon
      : icon && app && IMAGE_FILE.test(icon)
        ? `${ICONS_PATH}${encodeURIComponent(app)}`
        : null;
  if (src && src !== failedSrc) {
    return (
      <img
        src={src}
        alt=""
        width={size}
        height={size}
        onError={() => setFailedSrc(src)}
        className="shrink-0 rounded-md bg-zinc-100 object-cover dark:bg-zinc-800"
      />
    );
  }
  if (icon && EMOJI.test(icon)) {
    return (
      <span
        aria-hidden="true"
        style={{ width: size, height: size, fontSize: size * 0.6 }}
        className="flex shrink-0 items-center justify-center rounded-md bg-zinc-100 dark:bg-zinc-800"
      >
        {icon}
      </span>
    );
  }
  return (
    <span
      aria-hidden="true"
      style={{ width: size, height: size }}
      className="flex shrink-0 items-center justify-center rounded-md bg-gradient-to-br from-sky-500 to-indigo-600 text-lg font-semibold text-white"
    >
      {(title || '?').slice(0, 1).toUpperCase()}
    </span>
  );
}
