'use client';
// A small "Copy" button for a command; says "Copied" (or "Select and copy") after a click.
import { useState } from 'react';
import { copyText } from '@/lib/client/terminal-client';
import { buttonClass } from '../ui/button-styles';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    void copyText(text).then(
      (ok) => setState(ok ? 'copied' : 'failed'),
      () => setState('failed'),
    );
  };
  return (
    <button
      type="button"
      aria-label={label}
      className={`${buttonClass.secondary} shrink-0`}
      onClick={copy}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}
