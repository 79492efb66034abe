// One log line with its ANSI colours as styled spans.
import { memo, type CSSProperties } from 'react';
import { parseAnsi, type AnsiStyle } from '@/lib/client/ansi';

function css(style: AnsiStyle): CSSProperties | undefined {
  if (!style.fg && !style.bg && !style.bold && !style.dim && !style.italic && !style.underline)
    return undefined;
  return {
    color: style.fg,
    backgroundColor: style.bg,
    fontWeight: style.bold ? 700 : undefined,
    opacity: style.dim ? 0.7 : undefined,
    fontStyle: style.italic ? 'italic' : undefined,
    textDecoration: style.underline ? 'underline' : undefined,
  };
}

// A single enormous line (minified output, base64) is cut so one row never costs more than a few spans.
const MAX_CHARS = 4000;

export const LogLine = memo(function LogLine({
  text: full,
  top,
  height,
}: {
  text: string;
  top: number;
  height: number;
}) {
  const text =
    full.length > MAX_CHARS
      ? `${full.slice(0, MAX_CHARS)} … (${full.length - MAX_CHARS} more characters)`
      : full;
  return (
    <div
      className="absolute left-0 right-0 whitespace-pre px-3"
      style={{ top, height, lineHeight: `${height}px` }}
    >
      {parseAnsi(text).map((segment, i) => (
        <span key={i} style={css(segment.style)}>
          {segment.text}
        </span>
      ))}
    </div>
  );
});
