// What a failed download's error means for the user, and what to do: read from the server's HTTP status, or from the
// system error the engine's message names (ENOSPC, ECONNREFUSED…).
export function downloadAdvice(error: string, httpStatus?: number): string | null {
  const status = httpStatus === undefined ? undefined : String(httpStatus);
  if (status === '404' || status === '410')
    return 'The file is not at this address: the link may be out of date. Updating the launcher may bring a new one.';
  if (status === '401' || status === '403')
    return 'The server refused the file: it may need a Hugging Face token (Settings) or its licence accepted on the model’s page.';
  if (status === '429') return 'The server asks to slow down: wait a few minutes, then Retry.';
  if (status?.startsWith('5')) return 'The server had a problem of its own: Retry in a while.';
  if (/ENOSPC|no space left/i.test(error)) return 'The disk is full: free some space, then Retry.';
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|timed out|network/i.test(error))
    return 'The server could not be reached: check the network connection (and any proxy), then Retry.';
  return null;
}
