// Updates Python Hello: the launcher is pulled by Hangar; the venv is rebuilt in place to pick up a newer Python.
module.exports = {
  run: [
    {
      method: "shell.run",
      params: {
        path: "app",
        message: "python3 -m venv --upgrade env",
      },
    },
  ],
}
