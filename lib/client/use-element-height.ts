'use client';
// An element's border-box height, kept current by a ResizeObserver; 0 while there is no element.
import { useEffect, useState } from 'react';

/** Returns a ref callback for the element, its height, and the element itself. */
export function useElementHeight<T extends Element>(): [
  (element: T | null) => void,
  number,
  T | null,
] {
  const [element, setElement] = useState<T | null>(null);
  const [height, setHeight] = useState(0);
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHeight(entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, element ? height : 0, element];
}
