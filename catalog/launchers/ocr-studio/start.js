// Starts the OCR Studio server on a free port and captures its URL for the menu and the proxy.
module.exports = {
  daemon: true,
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        message: "node server.js",
        env: { PORT: "{{port}}", HOST: "127.0.0.1" },
        on: [{ event: "/http:\\/\\/[0-9.:]+/", done: true }],
      },
    },
    {
      method: "local.set",
      params: { url: "{{input.event[0]}}" },
    },
  ],
}
