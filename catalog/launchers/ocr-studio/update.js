// Updates OCR Studio: pulls the launcher (done by Hangar for git installs), then refreshes the npm packages.
module.exports = {
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        message: "npm install --no-audit --no-fund --loglevel=warn",
        on: [{ event: "/error:/i", break: false }],
      },
    },
  ],
}
