// One log line with its ANSI colours as styled spans, on one row or wrapped.
import { memo, type CSSProperties } from 'react';
import { parseAnsi, type AnsiStyle } from '@/lib/client/ansi';
import { shownText } from '@/lib/client/log-wrap';

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

export const LogLine = memo(function LogLine({
  text: full,
  top,
  height,
  lineHeight,
  wrap,
}: {
  text: string;
  top: number;
  height: number;
  lineHeight: number;
  /** Wrapped at the view's width (break anywhere, as a terminal does) rather than one row scrolled sideways. */
  wrap: boolean;
}) {
  const text = shownText(full);
  return (
    <div
      className={`absolute left-0 right-0 px-3 ${wrap ? 'overflow-hidden whitespace-break-spaces break-all' : 'whitespace-pre'}`}
      style={{ top, height, lineHeight: `${lineHeight}px` }}
    >
      {parseAnsi(text).map((segment, i) => (
        <span key={i} style={css(segment.style)}>
          {segment.text}
        </span>
      ))}
    </div>
  );
});
