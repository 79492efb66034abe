'use client';
// Whether the pointer is over an element or focus is inside it: what holds a timer that would take it away.
import { useEffect, useState } from 'react';

/**
 * Read from the document's pointer and focus events, so an element that loses its hovered child (a toast dismissed
 * under the pointer) is corrected by the pointer's next move; focus is checked again whenever the children change, as
 * a focused child taken out of the page need not send a focusout.
 */
export function useHeld(element: Element | null): boolean {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!element) return;
    const over = (event: PointerEvent) => setHovered(element.contains(event.target as Node));
    const out = (event: PointerEvent) => {
      if (event.relatedTarget === null) setHovered(false);
    };
    const focusIn = (event: FocusEvent) => setFocused(element.contains(event.target as Node));
    const focusOut = (event: FocusEvent) =>
      setFocused(element.contains(event.relatedTarget as Node | null));
    document.addEventListener('pointerover', over);
    document.addEventListener('pointerout', out);
    document.addEventListener('focusin', focusIn);
    document.addEventListener('focusout', focusOut);
    const changed = new MutationObserver(() => {
      if (!element.contains(document.activeElement)) setFocused(false);
    });
    changed.observe(element, { childList: true, subtree: true });
    return () => {
      changed.disconnect();
      document.removeEventListener('pointerover', over);
      document.removeEventListener('pointerout', out);
      document.removeEventListener('focusin', focusIn);
      document.removeEventListener('focusout', focusOut);
    };
  }, [element]);
  return element !== null && (hovered || focused);
}
