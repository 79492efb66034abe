// Tailwind's breakpoints as media queries, for the few places that need them in script.
/** Tailwind's `sm`: 640px and wider. */
export const SM_UP = '(min-width: 640px)';
