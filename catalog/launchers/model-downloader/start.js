// Starts a small page listing the downloaded model files, on a free port, and captures its URL.
module.exports = {
  daemon: true,
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        message: "node server.js",
        env: { PORT: "{{port}}", MODELS_DIR: "../models" },
        on: [{ event: "/http:\\/\\/[0-9.:]+/", done: true }],
      },
    },
    {
      method: "local.set",
      params: { url: "{{input.event[0]}}" },
    },
  ],
}
