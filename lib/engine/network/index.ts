// Network settings shared by downloads, git and apps: proxies (environment and setting) and the bandwidth cap.
export { bypasses, parseProxyUrl, proxyFor, proxyLabel, type ProxySettings } from './proxy-rules';
export {
  currentProxyFor,
  networkSettings,
  gitProxyConfig,
  proxyEnv,
  proxyVars,
  setNetworkSource,
  withAppProxy,
  type NetworkSettings,
} from './network-settings';
export { throttle, TokenBucket } from './bandwidth';
