// Starts the Python server inside the venv on a free port and captures the URL it prints.
module.exports = {
  daemon: true,
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        venv: "env",
        message: "env/bin/python -u server.py --port {{port}}",
        on: [{ event: "/(http:\\/\\/127\\.0\\.0\\.1:[0-9]+)/", done: true }],
      },
    },
    {
      method: "local.set",
      params: { url: "{{input.event[1]}}" },
    },
  ],
}
