// The environment entries Hangar sets on everything it starts, by which a restarted Hangar finds them in /proc.

/** Its value identifies one process tree (one spawn): the token of its record. */
export const MARKER_ENV = 'HANGAR_PROC';

/**
 * Its value is the home's path: a restarted Hangar finds what the last one left running even when its record file
 * is corrupt or missing.
 */
export const OWNER_ENV = 'HANGAR_OWNER';
