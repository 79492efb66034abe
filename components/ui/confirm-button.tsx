'use client';
// A button that asks "are you sure?" inline before acting (keyboard reachable, no modal).
import { useState } from 'react';
import { buttonClass } from './button-styles';

export function ConfirmButton({
  label,
  question,
  confirmLabel = 'Confirm',
  onConfirm,
  disabled,
  variant = 'secondary',
}: {
  label: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  variant?: keyof typeof buttonClass;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className={buttonClass[variant]}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      role="group"
      aria-label={question}
      className="inline-flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-2 py-1 text-sm dark:bg-amber-950"
    >
      <span>{question}</span>
      <button
        type="button"
        autoFocus
        className={buttonClass.danger}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className={buttonClass.ghost} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
