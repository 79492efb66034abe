// HTTP header syntax the fast lane checks, both ways, as Node's own parser and writeHead do.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters other than tab (CR and LF included): what Node refuses in a header value. */
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** A header name (an RFC 9110 token). */
export function isToken(name: string): boolean {
  return TOKEN.test(name);
}

/** A header value or status message that may be sent as it is. */
export function isFieldValue(value: string): boolean {
  return !BAD_VALUE.test(value);
}
