// Updates OCR Studio: pulls the launcher (done by Hangar for git installs), then refreshes the npm packages.
module.exports = {
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        // The packages need no install script (tesseract.js's only asks for donations): none runs, and npm has
        // nothing to warn about.
        message: "npm install --no-audit --no-fund --loglevel=warn --ignore-scripts",
        on: [{ event: "/error:/i", break: false }],
      },
    },
  ],
}
