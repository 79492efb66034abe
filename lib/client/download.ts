// Starts a browser download of a URL (a server file or an object URL) under a file name.
export function startDownload(href: string, filename: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.click();
}
