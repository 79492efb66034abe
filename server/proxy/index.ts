// The app reverse proxy's door: the factory the server mounts, and its types.
export { createAppProxy } from './create-app-proxy';
export type {
  AppProxy,
  AppProxyOptions,
  FastLaneHandle,
  FastLaneOptions,
  PortOrigin,
  PortOriginOptions,
  ProxiedRequest,
  ProxyTarget,
} from './types';
export { ProxyError } from './proxy-error';
export type { ProxyProfile } from '../../lib/shared/proxy-profile';
export {
  parseProxyProfile,
  rootPathInjection,
  proxyBase,
  DEFAULT_PROXY_PROFILE,
} from '../../lib/shared/proxy-profile';
