// Splits a string into words as a POSIX shell does (quotes and backslash escapes), without expansions.
import { EngineError } from '../errors';

const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\', '\n']);

/**
 * `'"*.pth" "*.pt" *.onnx'` → `['*.pth', '*.pt', '*.onnx']`. Single quotes keep everything; double quotes keep
 * everything but `\$ \` \" \\`; a backslash outside quotes keeps the next character. `what` names the param
 * in the error for an unterminated quote.
 */
export function shellWords(text: string, what: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const fail = (quote: string): never => {
    throw new EngineError(
      'invalid_params',
      `${what}: unterminated ${quote} in ${JSON.stringify(text)}`,
    );
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) fail('single quote');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && DOUBLE_QUOTE_ESCAPES.has(text[i + 1]!)) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else word += text[i++];
      }
      if (i >= text.length) fail('double quote');
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') {
        word += text[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
