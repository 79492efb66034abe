// Installs OCR Studio's packages (tesseract.js and the English model) into app/node_modules from the npm registry.
module.exports = {
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        // The packages need no install script (tesseract.js's only asks for donations): none runs, and npm has
        // nothing to warn about.
        message: "npm install --no-audit --no-fund --loglevel=warn --ignore-scripts",
        // npm prints "npm error" lines only when it fails, and then it also exits non-zero.
        on: [{ event: "/error:/i", break: false }],
      },
    },
    {
      method: "notify",
      params: { html: "OCR Studio is installed. Click Start." },
    },
  ],
}
