// Escaping text for HTML, for the pages the server writes itself and for the browser's fallbacks; and HTML's text.

/** The face of Hangar's pages (Tailwind's sans stack), for the few the server writes itself (login, app not found). */
export const PAGE_FONT =
  '-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans",Arial,sans-serif';

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The text of a snippet of HTML (a launcher's menu label): tags dropped, common entities read. */
export function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
