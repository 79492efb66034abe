// OCR Studio launcher: menu for a small offline OCR web app (tesseract.js with its bundled English model).
module.exports = {
  version: "4.0",
  title: "OCR Studio",
  description: "Read the text in a photo or scan. Runs tesseract.js with its English model from npm: no download at run time.",
  icon: "icon.svg",
  menu: async (kernel, info) => {
    const installing = info.running("install.js")
    const installed = info.exists("app/node_modules/tesseract.js") && info.exists("app/node_modules/@tesseract.js-data/eng")
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
          { default: true, icon: "fa-solid fa-rocket", text: "Open OCR Studio", href: local.url },
          { icon: "fa-solid fa-terminal", text: "Terminal", href: "start.js" },
        ]
      }
      return [{ default: true, icon: "fa-solid fa-terminal", text: "Terminal", href: "start.js" }]
    }
    return [
      { default: true, icon: "fa-solid fa-power-off", text: "Start", href: "start.js" },
      { icon: "fa-solid fa-rotate", text: "Update", href: "update.js" },
      { icon: "fa-solid fa-plug", text: "Install", href: "install.js" },
      { icon: "fa-regular fa-circle-xmark", text: "Reset", href: "reset.js", confirm: "Remove the installed packages? Install runs again next time." },
    ]
  },
}
