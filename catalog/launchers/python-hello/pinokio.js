// Python Hello launcher: a Python standard-library web server running in its own venv.
module.exports = {
  version: "4.0",
  title: "Python Hello",
  description: "A tiny Python web page served by http.server from its own virtual environment. Shows how Python apps install and start.",
  icon: "icon.svg",
  menu: async (kernel, info) => {
    const installing = info.running("install.js")
    const installed = info.exists("app/env")
    const running = info.running("start.js")
    if (installing) {
      return [{ default: true, icon: "fa-solid fa-plug", text: "Installing", href: "install.js" }]
    }
    if (!installed) {
      return [{ default: true, icon: "fa-solid fa-plug", text: "Install", href: "install.js" }]
    }
    if (running) {
      const local = info.local("start.js")
      if (local && local.url) {
        return [
          { default: true, icon: "fa-solid fa-rocket", text: "Open Web UI", href: local.url },
          { icon: "fa-solid fa-terminal", text: "Terminal", href: "start.js" },
        ]
      }
      return [{ default: true, icon: "fa-solid fa-terminal", text: "Terminal", href: "start.js" }]
    }
    return [
      { default: true, icon: "fa-solid fa-power-off", text: "Start", href: "start.js" },
      { icon: "fa-solid fa-rotate", text: "Update", href: "update.js" },
      { icon: "fa-solid fa-plug", text: "Install", href: "install.js" },
      { icon: "fa-regular fa-circle-xmark", text: "Reset", href: "reset.js", confirm: "Delete the virtual environment?" },
    ]
  },
}
