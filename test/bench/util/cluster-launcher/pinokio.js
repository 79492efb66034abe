// The proxy-cluster benchmark's launcher: installs nothing, starts the bench upstream on its Slurm node.
module.exports = {
  version: '4.0',
  title: 'Bench Upstream',
  description: 'Serves 1 KiB and 1 MiB bodies for the proxy benchmark',
  menu: async (kernel, info) => {
    if (!info.exists('app/installed.txt'))
      return [{ text: 'Install', href: 'install.json', default: true }];
    if (info.running('start.json'))
      return [{ text: 'Terminal', href: 'start.json', default: true }];
    return [{ text: 'Start', href: 'start.json', default: true }];
  },
};
