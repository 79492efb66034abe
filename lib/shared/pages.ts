// Hangar's own pages, as the navigation names them: the nav bar lists them, and the login page says which one it
// leads back to.
export const PAGES = [
  { href: '/', label: 'Library' },
  { href: '/discover', label: 'Discover' },
  { href: '/models', label: 'Models' },
  { href: '/terminals', label: 'Terminals' },
  { href: '/settings', label: 'Settings' },
] as const;
