// Launcher menu items (Pinokio `menu` entries) as rendered for the UI.
import { z } from 'zod';

export interface MenuItem {
  /** Label; may contain HTML (Pinokio renders it). */
  text?: string;
  html?: string;
  /** Font Awesome class, e.g. `fa-solid fa-rocket`. */
  icon?: string;
  image?: string;
  /** Relative script (`start.js`, `x.json?run=true`), `http…` URL, or `/…` absolute path. */
  href?: string;
  /** Launch input for a script href (also filled from the href query string). */
  params?: Record<string, unknown>;
  default?: boolean;
  /** Confirmation text shown before following the item. */
  confirm?: string | boolean;
  popout?: boolean;
  target?: string;
  mode?: string;
  /** `label` (not clickable) or `link`. */
  type?: string;
  menu?: MenuItem[];
  /** Extra keys Pinokio knows (shell, run, fs, action, inject…) pass through unchanged. */
  [key: string]: unknown;
}

export const menuItemSchema: z.ZodType<MenuItem> = z.lazy(() =>
  z
    .object({
      text: z.string().optional(),
      html: z.string().optional(),
      icon: z.string().optional(),
      image: z.string().optional(),
      href: z.string().optional(),
      params: z.record(z.string(), z.unknown()).optional(),
      default: z.boolean().optional(),
      confirm: z.union([z.string(), z.boolean()]).optional(),
      popout: z.boolean().optional(),
      target: z.string().optional(),
      mode: z.string().optional(),
      type: z.string().optional(),
      menu: z.array(menuItemSchema).optional(),
    })
    .catchall(z.unknown()),
) as z.ZodType<MenuItem>;

export const menuSchema = z.array(menuItemSchema);

/** Launcher metadata merged from pinokio.js < pinokio_meta.json < pinokio.json. */
export interface LauncherMeta {
  title?: string;
  description?: string;
  icon?: string;
  version?: string;
  links?: unknown[];
  posts?: unknown[];
  [key: string]: unknown;
}

export const launcherMetaSchema = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    icon: z.string().optional(),
    version: z.string().optional(),
    links: z.array(z.unknown()).optional(),
    posts: z.array(z.unknown()).optional(),
  })
  .catchall(z.unknown());
