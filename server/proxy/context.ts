// Builds the per-request forwarding context from a target, its public prefix and the upstream path.
import type { ForwardContext, HangarCredentials, ProxyTarget } from './types';

export function forwardContext(
  target: ProxyTarget,
  prefix: string,
  upstreamPath: string,
  hangar: HangarCredentials,
): ForwardContext {
  return {
    target,
    prefix,
    upstreamPath,
    cookiePrefix: target.profile.cookieRename ? `${target.name}__` : null,
    hangarCookies: hangar.cookies,
    isHangarAuthorization: hangar.isAuthorization,
  };
}
