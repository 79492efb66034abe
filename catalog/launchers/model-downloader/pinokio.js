// Model Downloader demo launcher: fetches small model files into the shared drive and shows them in a page.
module.exports = {
  version: "4.0",
  title: "Model Downloader (demo)",
  description: "Downloads a few small GPT-2 files from Hugging Face with hf.download and fs.download into the shared model drive, then lists them. Needs internet.",
  icon: "icon.svg",
  menu: async (kernel, info) => {
    const installing = info.running("install.js")
    const installed = info.exists("models/gpt2/config.json")
    const running = info.running("start.js")
    if (installing) {
      return [{ default: true, icon: "fa-solid fa-download", text: "Downloading", href: "install.js" }]
    }
    if (!installed) {
      return [{ default: true, icon: "fa-solid fa-download", text: "Download models", href: "install.js" }]
    }
    if (running) {
      const local = info.local("start.js")
      if (local && local.url) {
        return [
          { default: true, icon: "fa-solid fa-rocket", text: "Open model list", href: local.url },
          { icon: "fa-solid fa-terminal", text: "Terminal", href: "start.js" },
        ]
      }
      return [{ default: true, icon: "fa-solid fa-terminal", text: "Terminal", href: "start.js" }]
    }
    return [
      { default: true, icon: "fa-solid fa-power-off", text: "Start", href: "start.js" },
      { icon: "fa-solid fa-rotate", text: "Download again", href: "update.js" },
      { icon: "fa-regular fa-circle-xmark", text: "Reset", href: "reset.js", confirm: "Unlink the models folder? The files stay in the drive." },
    ]
  },
}
