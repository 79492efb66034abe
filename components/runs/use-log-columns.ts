'use client';
// How many monospace cells fit on one row of the log view: its inner width over the width of one character of its
// font (measured on a canvas, so nothing is added to the view), again whenever the view is resized.
import { useLayoutEffect, useState, type RefObject } from 'react';

/** The view's left and right padding (px-3), where no text goes. */
const PADDING_PX = 24;
const SAMPLE = '0'.repeat(64);

function cellWidth(el: HTMLElement): number {
  const style = getComputedStyle(el);
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return 0;
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return context.measureText(SAMPLE).width / SAMPLE.length;
}

export function useLogColumns(view: RefObject<HTMLDivElement | null>): number {
  const [cols, setCols] = useState(0);
  useLayoutEffect(() => {
    const el = view.current;
    if (!el) return;
    const cell = cellWidth(el);
    if (cell <= 0) return;
    const measure = () => setCols(Math.max(1, Math.floor((el.clientWidth - PADDING_PX) / cell)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [view]);
  return cols;
}
