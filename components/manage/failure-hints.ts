// Generic advice for a failure the known-error matcher did not explain, read from its message and last lines.
export function failureHints(message: string, lastLines: string[]): string[] {
  const text = `${message}\n${lastLines.join('\n')}`.toLowerCase();
  const tips: string[] = [];
  if (/enospc|no space/.test(text))
    tips.push(
      'The disk is full: free some space (Settings shows the disk of the home) and run it again.',
    );
  if (/cuda|out of memory|oom/.test(text))
    tips.push('The GPU ran out of memory: close other running apps or pick a smaller model.');
  if (/eaddrinuse|address already in use/.test(text))
    tips.push('The port is taken: stop the other app using it, then start again.');
  if (/enotfound|network|timed? ?out|econnrefused|could not resolve/.test(text))
    tips.push('A download failed: check the network connection and run it again.');
  if (/not found|no such file|command not found/.test(text))
    tips.push(
      'Something the script needs is missing: run the install again, or Update the launcher.',
    );
  return tips;
}

export const LAST_RESORT =
  'Run the step again from the menu; if it keeps failing, open a terminal in the app folder to look around, or download a diagnostics bundle from Settings.';

export const INSTALL_LAST_RESORT =
  "Press Install again; if it keeps failing, open a shell in the app's folder to look around, or download a diagnostics bundle from Settings.";

export const FETCH_LAST_RESORT =
  'Check the source it installs from (and, for a URL, the network), then press Install again; if it keeps failing, download a diagnostics bundle from Settings.';

export const START_LAST_RESORT =
  "Press Retry; if it keeps failing, open a shell in the app's folder to look around, or download a diagnostics bundle from Settings.";
