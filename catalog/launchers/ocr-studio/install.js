// Installs OCR Studio's packages (tesseract.js and the English model) into app/node_modules from the npm registry.
module.exports = {
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        message: "npm install --no-audit --no-fund --loglevel=warn",
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
