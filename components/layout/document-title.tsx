'use client';
// Names the browser tab after what the page shows once it is known on the client ("Hello App — Hangar").
import { useEffect } from 'react';

export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = `${title} — Hangar`;
  }, [title]);
  return null;
}
