// Opt-in HTML rewriting: injects <base> and a URL shim into an app's pages so root-absolute URLs stay under its prefix.
import { Transform, type TransformCallback } from 'node:stream';

/** How far into a page we look for <head> before injecting at the top anyway. */
const SCAN_LIMIT = 64 * 1024;

/** The snippet placed right after <head>: a <base> for relative URLs and a shim for root-absolute ones. */
export function injection(prefix: string): string {
  const p = JSON.stringify(prefix);
  const shim = `(function(){var P=${p};function pre(s){return s===P||s.indexOf(P+"/")===0?s:P+s}
function f(u){try{var s=String(u);if(s.charAt(0)==="/"&&s.charAt(1)!=="/")return pre(s);if(s.indexOf("//")<0)return u;
var x=new URL(s,location.href);if(x.host!==location.host)return u;x.pathname=pre(x.pathname);return x.toString()}catch(e){return u}}
var F=window.fetch;if(F)window.fetch=function(i,o){return F.call(this,typeof i==="string"||i instanceof URL?f(i):i,o)};
var O=XMLHttpRequest.prototype.open;XMLHttpRequest.prototype.open=function(){var a=[].slice.call(arguments);a[1]=f(a[1]);return O.apply(this,a)};
function wrap(C){if(!C)return C;var W=function(u,o){return o===undefined?new C(f(u)):new C(f(u),o)};W.prototype=C.prototype;
for(var k in C)W[k]=C[k];["CONNECTING","OPEN","CLOSING","CLOSED"].forEach(function(n){if(n in C)W[n]=C[n]});return W}
window.WebSocket=wrap(window.WebSocket);window.EventSource=wrap(window.EventSource)})();`;
  return `<base href="${prefix}/"><script>${shim}</script>`;
}

/** Whether a response is an HTML page the rewriter should touch. */
export function isHtml(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.toLowerCase().startsWith('text/html');
}

/** A stream that passes the page through, inserting the snippet once after <head> (or <html>, or at the top). */
export function createHtmlInjector(prefix: string): Transform {
  const snippet = injection(prefix);
  let pending = '';
  let done = false;
  const flushPending = (stream: Transform, force: boolean): void => {
    const at = insertionPoint(pending, force);
    if (at < 0) return;
    stream.push(Buffer.from(pending.slice(0, at) + snippet + pending.slice(at), 'latin1'));
    pending = '';
    done = true;
  };
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
      if (done) return callback(null, chunk);
      // latin1 maps bytes 1:1, so multi-byte characters split across chunks survive the round trip.
      pending += chunk.toString('latin1');
      flushPending(this, pending.length > SCAN_LIMIT);
      callback();
    },
    flush(callback: TransformCallback) {
      if (!done) flushPending(this, true);
      callback();
    },
  });
}

function insertionPoint(html: string, force: boolean): number {
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (head) return head.index + head[0].length;
  if (!force) return -1;
  const root = /<html(?:\s[^>]*)?>/i.exec(html);
  if (root) return root.index + root[0].length;
  const doctype = /<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype.index + doctype[0].length : 0;
}
